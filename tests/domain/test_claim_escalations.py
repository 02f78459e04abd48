"""Consumer-agency escalations: the KCA / 1372 / mediation track, its stages and its outcome."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, StateConflict, UnknownPart
from tests.builders import AGENT, NOW, a_claim, replayed
from tests.expect import refused

YESTERDAY = NOW - timedelta(days=1)
REPLY = "가맹점 휴업 사실을 확인했고 전액 환불 예정입니다."


def escalate(claim, *, agency="kca", reference="KCA-2026-00123", received_at=YESTERDAY,
             stage=None):
    return claim.escalate(agency, reference, received_at, stage, by=AGENT, at=NOW)


def advance(claim, escalation_id, stage, stage_at=None, details=None):
    claim.advance_escalation(escalation_id, stage, stage_at, details, by=AGENT, at=NOW)


def conclude(claim, escalation_id, outcome, details=None):
    claim.conclude_escalation(escalation_id, outcome, details, by=AGENT, at=NOW)


def test_an_agency_case_opens_a_track_at_the_fact_inquiry():
    claim = a_claim(held_by=AGENT)

    escalation_id = escalate(claim)

    stored = replayed(claim)
    escalation = stored.escalation(escalation_id)
    assert escalation_id == "e-1"
    assert (escalation.agency, escalation.agency_reference) == ("kca", "KCA-2026-00123")
    assert (escalation.stage, escalation.received_at, escalation.outcome) == (
        "fact_inquiry", YESTERDAY, None)
    assert escalation.opened_by == AGENT.id
    assert escalation.stage_reached_at("fact_inquiry") == YESTERDAY
    assert stored.status == "escalated"
    assert stored.priority == "urgent"
    assert "agency_escalation" in stored.flags


def test_a_mediation_committee_case_starts_at_referral():
    claim = a_claim(held_by=AGENT)

    escalation_id = escalate(claim, agency="mediation_committee", reference="조정-2026-88")

    assert claim.escalation(escalation_id).stage == "referred_to_mediation"


def test_a_case_may_arrive_at_a_later_stage():
    claim = a_claim(held_by=AGENT)

    escalation_id = escalate(claim, agency="kca_1372", stage="settlement_recommended")

    assert claim.escalation(escalation_id).stage == "settlement_recommended"


@pytest.mark.parametrize("overrides, rule", [
    (dict(agency="police"), "agency.unknown"),
    (dict(reference=""), "agency_reference.required"),
    (dict(reference="  "), "agency_reference.required"),
    (dict(stage="appeal"), "stage.unknown"),
    (dict(received_at=datetime(2026, 11, 19, 9, 0)), "received_at.offset"),
])
def test_an_invalid_escalation_is_refused(overrides, rule):
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, rule):
        escalate(claim, **overrides)

    assert claim.collect_events() == []
    assert claim.escalations == []


def test_an_agency_case_received_in_the_future_is_refused():
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "received_at.future"):
        escalate(claim, received_at=NOW + timedelta(days=1))

    assert claim.collect_events() == []


def test_the_same_agency_case_cannot_be_opened_twice():
    claim = a_claim(held_by=AGENT)
    escalate(claim, agency="kca", reference="KCA-1")
    claim.collect_events()

    with refused(StateConflict, "escalation.duplicate"):
        escalate(claim, agency="kca", reference="KCA-1")

    assert claim.collect_events() == []
    assert len(claim.escalations) == 1


def test_the_same_reference_at_another_agency_is_another_case():
    claim = a_claim(held_by=AGENT)
    escalate(claim, agency="kca", reference="2026-1")

    second = escalate(claim, agency="kca_1372", reference="2026-1")

    assert second == "e-2"
    assert [e.agency for e in replayed(claim).escalations] == ["kca", "kca_1372"]


def test_stages_move_forward_and_are_remembered():
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)
    recommended = NOW - timedelta(hours=2)

    advance(claim, escalation_id, "settlement_recommended", recommended, "환불 및 위자료 2만원 권고")
    advance(claim, escalation_id, "referred_to_mediation")

    escalation = replayed(claim).escalation(escalation_id)
    assert escalation.stage == "referred_to_mediation"
    assert escalation.stage_reached_at("settlement_recommended") == recommended
    assert escalation.stage_reached_at("referred_to_mediation") == NOW
    assert [(s.stage, s.details) for s in escalation.stages] == [
        ("fact_inquiry", None), ("settlement_recommended", "환불 및 위자료 2만원 권고"),
        ("referred_to_mediation", None)]


def test_a_stage_may_be_skipped_forward():
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)

    advance(claim, escalation_id, "mediation_decided")

    assert claim.escalation(escalation_id).stage == "mediation_decided"


@pytest.mark.parametrize("target", ["settlement_recommended", "fact_inquiry"])
def test_a_stage_cannot_be_repeated_or_go_back(target):
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)
    advance(claim, escalation_id, "settlement_recommended")
    claim.collect_events()

    with refused(StateConflict, "escalation.stage_backwards"):
        advance(claim, escalation_id, target)

    assert claim.collect_events() == []
    assert claim.escalation(escalation_id).stage == "settlement_recommended"


def test_a_stage_reached_in_the_future_is_refused():
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)
    claim.collect_events()

    with refused(InvalidCommand, "at.future"):
        advance(claim, escalation_id, "settlement_recommended", NOW + timedelta(days=2))

    assert claim.collect_events() == []


def test_a_reply_to_the_agency_is_recorded():
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)

    claim.reply_to_agency(escalation_id, REPLY, by=AGENT, at=NOW)

    reply = replayed(claim).escalation(escalation_id).replies[0]
    assert (reply.message, reply.by, reply.at) == (REPLY, AGENT.id, NOW)


def test_a_blank_reply_is_refused():
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)
    claim.collect_events()

    with refused(InvalidCommand, "message.required"):
        claim.reply_to_agency(escalation_id, " ", by=AGENT, at=NOW)

    assert claim.collect_events() == []


def test_an_outcome_closes_the_track():
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)

    conclude(claim, escalation_id, "recommendation_accepted", "권고안 수락")

    stored = replayed(claim)
    escalation = stored.escalation(escalation_id)
    assert (escalation.outcome, escalation.outcome_details) == ("recommendation_accepted", "권고안 수락")
    assert escalation.concluded_at == NOW
    assert stored.status == "in_progress"
    assert stored.priority == "normal"
    assert "agency_escalation" in stored.flags


def test_an_unknown_outcome_is_refused():
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)
    claim.collect_events()

    with refused(InvalidCommand, "outcome.unknown"):
        conclude(claim, escalation_id, "won")

    assert claim.collect_events() == []


ON_A_TRACK = {
    "outcome": lambda claim, eid: conclude(claim, eid, "settled"),
    "reply": lambda claim, eid: claim.reply_to_agency(eid, "추가 회신", by=AGENT, at=NOW),
    "stage": lambda claim, eid: advance(claim, eid, "mediation_decided"),
}


@pytest.mark.parametrize("command", list(ON_A_TRACK))
def test_a_concluded_track_takes_nothing_more(command):
    claim = a_claim(held_by=AGENT)
    escalation_id = escalate(claim)
    conclude(claim, escalation_id, "withdrawn")
    claim.collect_events()

    with refused(StateConflict, "escalation.concluded"):
        ON_A_TRACK[command](claim, escalation_id)

    assert claim.collect_events() == []
    assert claim.escalation(escalation_id).outcome == "withdrawn"


@pytest.mark.parametrize("command", list(ON_A_TRACK))
def test_an_unknown_escalation_is_refused(command):
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(UnknownPart, "escalation.unknown"):
        ON_A_TRACK[command](claim, "e-1")

    assert claim.collect_events() == []


def test_the_claim_stays_escalated_while_any_track_has_no_outcome():
    claim = a_claim(held_by=AGENT)
    kca = escalate(claim, agency="kca", reference="KCA-1")
    center = escalate(claim, agency="kca_1372", reference="1372-9")

    conclude(claim, kca, "settled")
    after_first = claim.status
    conclude(claim, center, "withdrawn")

    assert after_first == "escalated"
    assert claim.status == "in_progress"
