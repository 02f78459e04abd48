"""Closure: what must be settled first, what closing does, and what a closed claim refuses."""
from __future__ import annotations

from datetime import timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, StateConflict
from tests.builders import (
    AGENT, NOW, OTHER_AGENT, POLICY, SENIOR, SUPERVISOR, a_claim, event_names, replayed,
)
from tests.expect import refused

SUMMARY = "이용권 전액 환불, 교통비 쿠폰 지급"
LATER = NOW + timedelta(hours=4)


def test_closing_records_the_resolution_and_time():
    claim = a_claim(responded_by=AGENT)

    claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    closed = replayed(claim)
    assert closed.status == "closed"
    assert (closed.resolution, closed.closure_summary) == ("resolved", SUMMARY)
    assert (closed.closed_at, closed.closed_by) == (LATER, AGENT.id)


@pytest.mark.parametrize("resolution", ["resolved", "rejected", "withdrawn", "duplicate"])
def test_every_resolution_closes_the_claim(resolution):
    claim = a_claim(responded_by=AGENT)

    claim.close(resolution, None, by=AGENT, at=LATER)

    assert (claim.status, claim.resolution) == ("closed", resolution)


def test_an_unknown_resolution_is_refused():
    claim = a_claim(responded_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "resolution.unknown"):
        claim.close("solved", SUMMARY, by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.status == "in_progress"


def test_closure_waits_for_a_pending_decision():
    claim = a_claim(responded_by=AGENT)
    claim.propose_decision("refund", 89_000, "휴업으로 이용 불가", by=AGENT, at=NOW, policy=POLICY)
    claim.collect_events()

    with refused(StateConflict, "closure.decision_pending"):
        claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.status == "awaiting_approval"


def test_a_claim_closes_once_its_pending_decision_is_reviewed():
    claim = a_claim(responded_by=AGENT)
    decision_id = claim.propose_decision("refund", 89_000, "휴업으로 이용 불가", by=AGENT, at=NOW,
                                         policy=POLICY)
    claim.review_decision(decision_id, True, None, by=SUPERVISOR, at=NOW, policy=POLICY)

    claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    assert claim.status == "closed"


def test_closure_waits_for_every_agency_track_to_have_an_outcome():
    claim = a_claim(responded_by=AGENT)
    first = claim.escalate("kca", "KCA-5", NOW, None, by=AGENT, at=NOW)
    claim.escalate("kca_1372", "1372-5", NOW, None, by=AGENT, at=NOW)
    claim.conclude_escalation(first, "settled", None, by=AGENT, at=NOW)
    claim.collect_events()

    with refused(StateConflict, "closure.escalation_open"):
        claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.status == "escalated"


def test_a_claim_closes_once_its_agency_track_has_an_outcome():
    claim = a_claim(responded_by=AGENT)
    escalation_id = claim.escalate("kca", "KCA-5", NOW, None, by=AGENT, at=NOW)
    claim.conclude_escalation(escalation_id, "settled", None, by=AGENT, at=NOW)

    claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    assert claim.status == "closed"


def test_a_claim_the_customer_never_heard_about_cannot_be_closed():
    claim = a_claim(held_by=AGENT)
    claim.add_note("고객에게 연락 전", by=AGENT, at=NOW)
    claim.collect_events()

    with refused(StateConflict, "closure.no_response"):
        claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.status == "in_progress"


def test_closure_cancels_open_fact_checks_first():
    claim = a_claim(responded_by=AGENT)
    answered = claim.request_fact_check("M-9", "merchant", "휴업 여부?", None, by=AGENT, at=NOW)
    still_open = claim.request_fact_check("photo", "internal", "사진 촬영일?", None, by=AGENT,
                                          at=NOW)
    claim.answer_fact_check(answered, "confirmed", None, [], by=AGENT, at=NOW)

    claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    assert event_names(claim.collect_events())[-2:] == ["FactCheckCancelled", "Closed"]
    assert claim.fact_check(answered).status == "answered"
    cancelled = claim.fact_check(still_open)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "claim closed")
    assert cancelled.cancelled_at == LATER
    assert claim.status == "closed"


def test_fact_checks_cancelled_by_closure_stay_cancelled_on_replay():
    claim = a_claim(responded_by=AGENT)
    fact_check_id = claim.request_fact_check("M-9", "merchant", "휴업 여부?", None, by=AGENT,
                                             at=NOW)

    claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    stored = replayed(claim)
    assert stored.fact_check(fact_check_id).status == "cancelled"
    assert stored.fact_check(fact_check_id).cancelled_at == LATER
    assert stored.status == "closed"


def test_a_refused_closure_cancels_no_fact_check():
    claim = a_claim(held_by=AGENT)
    fact_check_id = claim.request_fact_check("M-9", "merchant", "휴업 여부?", None, by=AGENT,
                                             at=NOW)
    claim.collect_events()

    with refused(StateConflict, "closure.no_response"):
        claim.close("resolved", SUMMARY, by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.fact_check(fact_check_id).status == "open"


def test_a_claim_cannot_be_closed_twice():
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(StateConflict, "claim.closed"):
        claim.close("duplicate", None, by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.resolution == "resolved"


AFTER_CLOSURE = {
    "assignment": lambda claim, by: claim.assign(OTHER_AGENT if by == SENIOR else by, by=by,
                                                 at=LATER),
    "response": lambda claim, by: claim.respond("추가 안내", "phone", by=by, at=LATER),
    "fact check": lambda claim, by: claim.request_fact_check("M-9", "merchant", "재확인", None,
                                                             by=by, at=LATER),
    "decision": lambda claim, by: claim.propose_decision("points", 1_000, "추가 보상", by=by,
                                                         at=LATER, policy=POLICY),
    "escalation": lambda claim, by: claim.escalate("kca", "KCA-9", NOW - timedelta(days=1), None,
                                                   by=by, at=LATER),
    "abuse report": lambda claim, by: claim.report_abuse("threat", None, by=by, at=LATER),
}


@pytest.mark.parametrize("by", [AGENT, SENIOR], ids=["its agent", "a supervisor"])
@pytest.mark.parametrize("command", list(AFTER_CLOSURE))
def test_a_closed_claim_refuses_further_work(command, by):
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(StateConflict, "claim.closed"):
        AFTER_CLOSURE[command](claim, by)

    assert claim.collect_events() == []
    assert claim.status == "closed"


@pytest.mark.parametrize("answer", [True, False])
def test_a_closed_claim_refuses_work_on_its_cancelled_fact_checks(answer):
    claim = a_claim(responded_by=AGENT)
    fact_check_id = claim.request_fact_check("M-9", "merchant", "휴업 여부?", None, by=AGENT,
                                             at=NOW)
    claim.close("resolved", SUMMARY, by=AGENT, at=NOW)
    claim.collect_events()

    with refused(StateConflict, "claim.closed"):
        if answer:
            claim.answer_fact_check(fact_check_id, "confirmed", None, [], by=AGENT, at=LATER)
        else:
            claim.cancel_fact_check(fact_check_id, None, by=AGENT, at=LATER)

    assert claim.collect_events() == []


def test_a_closed_claim_still_takes_notes():
    claim = a_claim(closed_by=AGENT)

    claim.add_note("해피콜 2회 부재", by=AGENT, at=LATER)

    noted = replayed(claim)
    assert noted.notes[-1].text == "해피콜 2회 부재"
    assert noted.status == "closed"
