"""Consumer-agency escalations: the KCA / 1372 / mediation track, its stages and its outcome."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, StateConflict, UnknownPart
from tests.application.expect import refused, stored_events
from tests.builders import a_claim_in_hand


@pytest.fixture
def claim(app, team):
    return a_claim_in_hand(app, team.agent)


def escalate(app, actor, claim_id, *, agency="kca", reference="KCA-2026-00123", received_at=None,
             stage=None):
    received = received_at or app.clock.now() - timedelta(days=1)
    claim = app.escalate(actor, claim_id, agency=agency, agency_reference=reference,
                         received_at=received, stage=stage)
    return claim, claim.escalations[-1].id


def test_an_agency_case_opens_a_track_at_the_fact_inquiry(app, team, claim, clock, reread):
    received = clock.now() - timedelta(days=1)

    _, escalation_id = escalate(app, team.agent, claim.id, received_at=received)

    stored = reread(claim.id)
    escalation = stored.escalation(escalation_id)
    assert escalation_id == "e-1"
    assert (escalation.agency, escalation.agency_reference) == ("kca", "KCA-2026-00123")
    assert (escalation.stage, escalation.received_at, escalation.outcome) == (
        "fact_inquiry", received, None)
    assert stored.status == "escalated"
    assert stored.priority == "urgent"
    assert "agency_escalation" in stored.flags


def test_a_mediation_committee_case_starts_at_referral(app, team, claim):
    escalated, escalation_id = escalate(app, team.agent, claim.id, agency="mediation_committee",
                                        reference="조정-2026-88")

    assert escalated.escalation(escalation_id).stage == "referred_to_mediation"


def test_a_case_may_arrive_at_a_later_stage(app, team, claim):
    escalated, escalation_id = escalate(app, team.agent, claim.id, agency="kca_1372",
                                        stage="settlement_recommended")

    assert escalated.escalation(escalation_id).stage == "settlement_recommended"


@pytest.mark.parametrize("overrides, rule", [
    (dict(agency="police"), "agency.unknown"),
    (dict(reference=""), "agency_reference.required"),
    (dict(reference="  "), "agency_reference.required"),
    (dict(stage="appeal"), "stage.unknown"),
    (dict(received_at=datetime(2026, 11, 19, 9, 0)), "received_at.offset"),
])
def test_an_invalid_escalation_is_refused(app, team, claim, overrides, rule):
    with refused(InvalidCommand, rule):
        escalate(app, team.agent, claim.id, **overrides)

    assert app.get_claim(claim.id).escalations == []


def test_an_agency_case_received_in_the_future_is_refused(app, team, claim, clock):
    with refused(InvalidCommand, "received_at.future"):
        escalate(app, team.agent, claim.id, received_at=clock.now() + timedelta(days=1))


def test_the_same_agency_case_cannot_be_opened_twice(app, team, claim):
    escalate(app, team.agent, claim.id, agency="kca", reference="KCA-1")

    with refused(StateConflict, "escalation.duplicate"):
        escalate(app, team.agent, claim.id, agency="kca", reference="KCA-1")

    assert len(app.get_claim(claim.id).escalations) == 1


def test_the_same_reference_at_another_agency_is_another_case(app, team, claim):
    escalate(app, team.agent, claim.id, agency="kca", reference="2026-1")

    escalated, second = escalate(app, team.agent, claim.id, agency="kca_1372", reference="2026-1")

    assert second == "e-2"
    assert [e.agency for e in escalated.escalations] == ["kca", "kca_1372"]


def test_stages_move_forward_and_are_remembered(app, team, claim, clock, reread):
    _, eid = escalate(app, team.agent, claim.id)
    recommended = clock.now() - timedelta(hours=2)

    app.advance_escalation(team.agent, claim.id, eid, stage="settlement_recommended",
                           at=recommended, details="환불 및 위자료 2만원 권고")
    app.advance_escalation(team.agent, claim.id, eid, stage="referred_to_mediation")

    escalation = reread(claim.id).escalation(eid)
    assert escalation.stage == "referred_to_mediation"
    assert escalation.stage_reached_at("settlement_recommended") == recommended
    assert escalation.stage_reached_at("referred_to_mediation") == clock.now()
    assert [s.stage for s in escalation.stages] == [
        "fact_inquiry", "settlement_recommended", "referred_to_mediation"]


def test_a_stage_may_be_skipped_forward(app, team, claim):
    _, eid = escalate(app, team.agent, claim.id)

    advanced = app.advance_escalation(team.agent, claim.id, eid, stage="mediation_decided")

    assert advanced.escalation(eid).stage == "mediation_decided"


@pytest.mark.parametrize("target", ["settlement_recommended", "fact_inquiry"])
def test_a_stage_cannot_be_repeated_or_go_back(app, team, claim, target):
    _, eid = escalate(app, team.agent, claim.id)
    app.advance_escalation(team.agent, claim.id, eid, stage="settlement_recommended")

    with refused(StateConflict, "escalation.stage_backwards"):
        app.advance_escalation(team.agent, claim.id, eid, stage=target)

    assert app.get_claim(claim.id).escalation(eid).stage == "settlement_recommended"


def test_a_stage_reached_in_the_future_is_refused(app, team, claim, clock):
    _, eid = escalate(app, team.agent, claim.id)

    with refused(InvalidCommand, "at.future"):
        app.advance_escalation(team.agent, claim.id, eid, stage="settlement_recommended",
                               at=clock.now() + timedelta(days=2))


def test_a_reply_to_the_agency_is_recorded(app, team, claim, reread):
    _, eid = escalate(app, team.agent, claim.id)

    app.reply_to_agency(team.agent, claim.id, eid, "가맹점 휴업 사실을 확인했고 전액 환불 예정입니다.")

    reply = reread(claim.id).escalation(eid).replies[0]
    assert (reply.message, reply.by) == ("가맹점 휴업 사실을 확인했고 전액 환불 예정입니다.", team.agent.id)


def test_a_blank_reply_is_refused(app, team, claim):
    _, eid = escalate(app, team.agent, claim.id)

    with refused(InvalidCommand, "message.required"):
        app.reply_to_agency(team.agent, claim.id, eid, " ")


def test_an_outcome_closes_the_track(app, team, claim, reread):
    _, eid = escalate(app, team.agent, claim.id)

    app.conclude_escalation(team.agent, claim.id, eid, outcome="recommendation_accepted",
                            details="권고안 수락")

    stored = reread(claim.id)
    assert stored.escalation(eid).outcome == "recommendation_accepted"
    assert stored.escalation(eid).outcome_details == "권고안 수락"
    assert stored.status == "in_progress"
    assert stored.priority == "normal"
    assert "agency_escalation" in stored.flags


def test_an_unknown_outcome_is_refused(app, team, claim):
    _, eid = escalate(app, team.agent, claim.id)

    with refused(InvalidCommand, "outcome.unknown"):
        app.conclude_escalation(team.agent, claim.id, eid, outcome="won")


@pytest.mark.parametrize("command", ["outcome", "reply", "stage"])
def test_a_concluded_track_takes_nothing_more(app, team, claim, command):
    _, eid = escalate(app, team.agent, claim.id)
    app.conclude_escalation(team.agent, claim.id, eid, outcome="withdrawn")
    version = app.get_claim(claim.id).version

    with refused(StateConflict, "escalation.concluded"):
        if command == "outcome":
            app.conclude_escalation(team.agent, claim.id, eid, outcome="settled")
        elif command == "reply":
            app.reply_to_agency(team.agent, claim.id, eid, "추가 회신")
        else:
            app.advance_escalation(team.agent, claim.id, eid, stage="mediation_decided")

    assert len(stored_events(app, claim.id)) == version


@pytest.mark.parametrize("command", ["outcome", "reply", "stage"])
def test_an_unknown_escalation_is_refused(app, team, claim, command):
    with refused(UnknownPart, "escalation.unknown"):
        if command == "outcome":
            app.conclude_escalation(team.agent, claim.id, "e-1", outcome="settled")
        elif command == "reply":
            app.reply_to_agency(team.agent, claim.id, "e-1", "회신")
        else:
            app.advance_escalation(team.agent, claim.id, "e-1", stage="mediation_decided")


def test_the_claim_stays_escalated_while_any_track_has_no_outcome(app, team, claim):
    _, kca = escalate(app, team.agent, claim.id, agency="kca", reference="KCA-1")
    _, center = escalate(app, team.agent, claim.id, agency="kca_1372", reference="1372-9")

    after_first = app.conclude_escalation(team.agent, claim.id, kca, outcome="settled")
    after_second = app.conclude_escalation(team.agent, claim.id, center, outcome="withdrawn")

    assert after_first.status == "escalated"
    assert after_second.status == "in_progress"
