"""Fact checks: questions to vendors, answers, cancellation, and the awaiting_vendor status."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, StateConflict, UnknownPart
from tests.application.expect import refused, stored_events
from tests.builders import a_claim_in_hand


def ask(app, actor, claim_id, **overrides):
    values = dict(vendor_id="M-9", vendor_kind="merchant",
                  question="11월 14일과 16일에 휴업하셨나요? 공지는 언제 하셨나요?", due_at=None)
    values.update(overrides)
    claim = app.request_fact_check(actor, claim_id, **values)
    return claim, claim.fact_checks[-1].id


def test_a_fact_check_is_requested_from_a_vendor(app, team, clock, reread):
    claim = a_claim_in_hand(app, team.agent)
    due = clock.now() + timedelta(days=2)

    _, fact_check_id = ask(app, team.agent, claim.id, due_at=due)

    stored = reread(claim.id)
    assert fact_check_id == "fc-1"
    fact_check = stored.fact_check("fc-1")
    assert (fact_check.vendor_id, fact_check.vendor_kind) == ("M-9", "merchant")
    assert fact_check.question == "11월 14일과 16일에 휴업하셨나요? 공지는 언제 하셨나요?"
    assert (fact_check.due_at, fact_check.status) == (due, "open")
    assert (fact_check.requested_by, fact_check.requested_at) == (team.agent.id, clock.now())
    assert stored.status == "awaiting_vendor"


def test_fact_checks_are_numbered_in_order(app, team):
    claim = a_claim_in_hand(app, team.agent)

    ids = [ask(app, team.agent, claim.id, vendor_id=v, vendor_kind=k)[1]
           for v, k in [("M-9", "merchant"), ("CJ-logis", "logistics"), ("photo-team", "internal")]]

    assert ids == ["fc-1", "fc-2", "fc-3"]
    assert [fc.vendor_kind for fc in app.get_claim(claim.id).fact_checks] == [
        "merchant", "logistics", "internal"]


@pytest.mark.parametrize("overrides, rule", [
    (dict(vendor_kind="photographer"), "vendor.kind.unknown"),
    (dict(vendor_id=" "), "vendor.id.required"),
    (dict(question=""), "question.required"),
    (dict(question="   "), "question.required"),
    (dict(due_at=datetime(2026, 11, 25, 18, 0)), "due_at.offset"),
])
def test_an_invalid_fact_check_request_is_refused(app, team, overrides, rule):
    claim = a_claim_in_hand(app, team.agent)

    with refused(InvalidCommand, rule):
        ask(app, team.agent, claim.id, **overrides)

    assert app.get_claim(claim.id).fact_checks == []


@pytest.mark.parametrize("offset", [timedelta(days=-1), timedelta(0)])
def test_a_fact_check_due_now_or_in_the_past_is_refused(app, team, clock, offset):
    claim = a_claim_in_hand(app, team.agent)

    with refused(InvalidCommand, "due_at.past"):
        ask(app, team.agent, claim.id, due_at=clock.now() + offset)


def test_an_answer_records_the_finding_and_ends_the_wait(app, team, clock, reread):
    claim = a_claim_in_hand(app, team.agent)
    _, fc = ask(app, team.agent, claim.id)
    clock.advance(hours=20)

    app.answer_fact_check(team.agent, claim.id, fc, finding="confirmed",
                          details="두 날 모두 내부 공사로 휴업", evidence=["notice.png", "calendar.pdf"])

    stored = reread(claim.id)
    answered = stored.fact_check(fc)
    assert (answered.status, answered.finding) == ("answered", "confirmed")
    assert answered.details == "두 날 모두 내부 공사로 휴업"
    assert answered.evidence == ["notice.png", "calendar.pdf"]
    assert answered.answered_at == clock.now()
    assert stored.status == "in_progress"


def test_an_answer_with_an_unknown_finding_is_refused(app, team):
    claim = a_claim_in_hand(app, team.agent)
    _, fc = ask(app, team.agent, claim.id)

    with refused(InvalidCommand, "finding.unknown"):
        app.answer_fact_check(team.agent, claim.id, fc, finding="probably")

    assert app.get_claim(claim.id).fact_check(fc).status == "open"


def test_a_fact_check_cannot_be_answered_twice(app, team):
    claim = a_claim_in_hand(app, team.agent)
    _, fc = ask(app, team.agent, claim.id)
    app.answer_fact_check(team.agent, claim.id, fc, finding="disputed", details="정상 영업")

    with refused(StateConflict, "fact_check.not_open"):
        app.answer_fact_check(team.agent, claim.id, fc, finding="confirmed")

    assert app.get_claim(claim.id).fact_check(fc).finding == "disputed"


def test_a_cancelled_fact_check_cannot_be_answered(app, team):
    claim = a_claim_in_hand(app, team.agent)
    _, fc = ask(app, team.agent, claim.id)
    app.cancel_fact_check(team.agent, claim.id, fc, reason="고객이 직접 확인")

    with refused(StateConflict, "fact_check.not_open"):
        app.answer_fact_check(team.agent, claim.id, fc, finding="confirmed")


def test_answering_an_unknown_fact_check_is_refused(app, team):
    claim = a_claim_in_hand(app, team.agent)
    ask(app, team.agent, claim.id)

    with refused(UnknownPart, "fact_check.unknown"):
        app.answer_fact_check(team.agent, claim.id, "fc-2", finding="confirmed")

    assert len(stored_events(app, claim.id)) == 3


def test_a_cancelled_fact_check_ends_the_wait(app, team, reread):
    claim = a_claim_in_hand(app, team.agent)
    _, fc = ask(app, team.agent, claim.id)

    app.cancel_fact_check(team.agent, claim.id, fc, reason="고객이 직접 확인")

    stored = reread(claim.id)
    cancelled = stored.fact_check(fc)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "고객이 직접 확인")
    assert stored.status == "in_progress"


@pytest.mark.parametrize("first", ["answer", "cancel"])
def test_only_an_open_fact_check_can_be_cancelled(app, team, first):
    claim = a_claim_in_hand(app, team.agent)
    _, fc = ask(app, team.agent, claim.id)
    if first == "answer":
        app.answer_fact_check(team.agent, claim.id, fc, finding="inconclusive")
    else:
        app.cancel_fact_check(team.agent, claim.id, fc)

    with refused(StateConflict, "fact_check.not_open"):
        app.cancel_fact_check(team.agent, claim.id, fc)


def test_cancelling_an_unknown_fact_check_is_refused(app, team):
    claim = a_claim_in_hand(app, team.agent)

    with refused(UnknownPart, "fact_check.unknown"):
        app.cancel_fact_check(team.agent, claim.id, "fc-1")


def test_the_claim_awaits_vendors_while_any_fact_check_is_open(app, team):
    claim = a_claim_in_hand(app, team.agent)
    _, merchant = ask(app, team.agent, claim.id)
    _, courier = ask(app, team.agent, claim.id, vendor_id="CJ-logis", vendor_kind="logistics")

    after_first = app.answer_fact_check(team.agent, claim.id, merchant, finding="confirmed")
    after_second = app.answer_fact_check(team.agent, claim.id, courier, finding="disputed")

    assert after_first.status == "awaiting_vendor"
    assert after_second.status == "in_progress"
