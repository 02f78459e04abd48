"""Closure: what must be settled first, what closing does, and what a closed claim refuses."""
from __future__ import annotations

from datetime import timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, StateConflict
from tests.application.expect import event_types, refused, stored_events
from tests.builders import a_claim_in_hand, a_responded_claim


def close(app, actor, claim_id, resolution="resolved", summary="이용권 전액 환불, 교통비 쿠폰 지급"):
    return app.close_claim(actor, claim_id, resolution=resolution, summary=summary)


def test_closing_records_the_resolution_and_time(app, team, clock, reread):
    claim = a_responded_claim(app, team.agent)
    clock.advance(hours=4)

    close(app, team.agent, claim.id)

    stored = reread(claim.id)
    assert stored.status == "closed"
    assert (stored.resolution, stored.closure_summary) == ("resolved", "이용권 전액 환불, 교통비 쿠폰 지급")
    assert (stored.closed_at, stored.closed_by) == (clock.now(), team.agent.id)


@pytest.mark.parametrize("resolution", ["resolved", "rejected", "withdrawn", "duplicate"])
def test_every_resolution_closes_the_claim(app, team, resolution):
    claim = a_responded_claim(app, team.agent)

    closed = close(app, team.agent, claim.id, resolution=resolution, summary=None)

    assert (closed.status, closed.resolution) == ("closed", resolution)


def test_an_unknown_resolution_is_refused(app, team):
    claim = a_responded_claim(app, team.agent)

    with refused(InvalidCommand, "resolution.unknown"):
        close(app, team.agent, claim.id, resolution="solved")


def test_closure_waits_for_a_pending_decision(app, team):
    claim = a_responded_claim(app, team.agent)
    decision_id = app.propose_decision(team.agent, claim.id, remedy="refund",
                                          amount_krw=89_000, rationale="휴업으로 이용 불가").decisions[-1].id

    with refused(StateConflict, "closure.decision_pending"):
        close(app, team.agent, claim.id)

    app.review_decision(team.supervisor, claim.id, decision_id, approved=True)
    assert close(app, team.agent, claim.id).status == "closed"


def test_closure_waits_for_every_agency_track_to_have_an_outcome(app, team, clock):
    claim = a_responded_claim(app, team.agent)
    eid = app.escalate(team.agent, claim.id, agency="kca", agency_reference="KCA-5",
                          received_at=clock.now()).escalations[-1].id

    with refused(StateConflict, "closure.escalation_open"):
        close(app, team.agent, claim.id)

    app.conclude_escalation(team.agent, claim.id, eid, outcome="settled")
    assert close(app, team.agent, claim.id).status == "closed"


def test_a_claim_the_customer_never_heard_about_cannot_be_closed(app, team):
    claim = a_claim_in_hand(app, team.agent)
    app.add_note(team.agent, claim.id, "고객에게 연락 전")

    with refused(StateConflict, "closure.no_response"):
        close(app, team.agent, claim.id)

    assert app.get_claim(claim.id).status == "in_progress"


def test_closure_cancels_open_fact_checks_first(app, team, clock, reread):
    claim = a_responded_claim(app, team.agent)
    answered = app.request_fact_check(team.agent, claim.id, vendor_id="M-9",
                                         vendor_kind="merchant", question="휴업 여부?").fact_checks[-1].id
    still_open = app.request_fact_check(team.agent, claim.id, vendor_id="photo",
                                           vendor_kind="internal", question="사진 촬영일?").fact_checks[-1].id
    app.answer_fact_check(team.agent, claim.id, answered, finding="confirmed")
    clock.advance(minutes=5)

    close(app, team.agent, claim.id)

    stored = reread(claim.id)
    assert stored.fact_check(answered).status == "answered"
    assert stored.fact_check(still_open).status == "cancelled"
    assert stored.fact_check(still_open).cancel_reason == "claim closed"
    assert stored.fact_check(still_open).cancelled_at == clock.now()
    assert event_types(app, claim.id)[-2:] == ["FactCheckCancelled", "Closed"]
    assert stored.status == "closed"


def test_a_refused_closure_cancels_no_fact_check(app, team):
    claim = a_claim_in_hand(app, team.agent)
    fc = app.request_fact_check(team.agent, claim.id, vendor_id="M-9",
                                   vendor_kind="merchant", question="휴업 여부?").fact_checks[-1].id

    with refused(StateConflict, "closure.no_response"):
        close(app, team.agent, claim.id)

    assert app.get_claim(claim.id).fact_check(fc).status == "open"
    assert event_types(app, claim.id)[-1] == "FactCheckRequested"


def test_a_claim_cannot_be_closed_twice(app, team):
    claim = a_responded_claim(app, team.agent)
    close(app, team.agent, claim.id)

    with refused(StateConflict, "claim.closed"):
        close(app, team.agent, claim.id, resolution="duplicate")

    assert app.get_claim(claim.id).resolution == "resolved"


def _refused_after_closure(app, team, clock):
    received = clock.now() - timedelta(days=1)
    return {
        "assignment": lambda cid: app.assign(team.supervisor, cid, team.other_agent.id),
        "response": lambda cid: app.respond(team.agent, cid, "추가 안내", "phone"),
        "fact check": lambda cid: app.request_fact_check(
            team.agent, cid, vendor_id="M-9", vendor_kind="merchant", question="재확인"),
        "decision": lambda cid: app.propose_decision(
            team.agent, cid, remedy="points", amount_krw=1_000, rationale="추가 보상"),
        "escalation": lambda cid: app.escalate(
            team.agent, cid, agency="kca", agency_reference="KCA-9", received_at=received),
        "abuse report": lambda cid: app.report_abuse(team.agent, cid, kind="threat"),
    }


@pytest.mark.parametrize("command", ["assignment", "response", "fact check", "decision",
                                     "escalation", "abuse report"])
def test_a_closed_claim_refuses_further_work(app, team, clock, command):
    claim = close(app, team.agent, a_responded_claim(app, team.agent).id)

    with refused(StateConflict, "claim.closed"):
        _refused_after_closure(app, team, clock)[command](claim.id)

    assert len(stored_events(app, claim.id)) == claim.version


def test_a_closed_claim_refuses_work_on_its_cancelled_fact_checks(app, team):
    claim = a_responded_claim(app, team.agent)
    fc = app.request_fact_check(team.agent, claim.id, vendor_id="M-9",
                                   vendor_kind="merchant", question="휴업 여부?").fact_checks[-1].id
    close(app, team.agent, claim.id)

    with refused(StateConflict, "claim.closed"):
        app.answer_fact_check(team.agent, claim.id, fc, finding="confirmed")


def test_a_closed_claim_still_takes_notes(app, team):
    claim = close(app, team.agent, a_responded_claim(app, team.agent).id)

    noted = app.add_note(team.agent, claim.id, "해피콜 2회 부재")

    assert noted.notes[-1].text == "해피콜 2회 부재"
    assert noted.status == "closed"
