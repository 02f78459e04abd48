"""Fact checks: questions to vendors, answers, cancellation, and the awaiting_vendor status."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, StateConflict, UnknownPart
from tests.builders import AGENT, NOW, a_claim, replayed
from tests.expect import refused

QUESTION = "11월 14일과 16일에 휴업하셨나요? 공지는 언제 하셨나요?"
LATER = NOW + timedelta(hours=20)


def ask(claim, *, vendor_id="M-9", vendor_kind="merchant", question=QUESTION, due_at=None,
        at=NOW):
    return claim.request_fact_check(vendor_id, vendor_kind, question, due_at, by=AGENT, at=at)


def answer(claim, fact_check_id, finding="confirmed", details=None, evidence=()):
    claim.answer_fact_check(fact_check_id, finding, details, list(evidence), by=AGENT, at=LATER)


def cancel(claim, fact_check_id, reason=None):
    claim.cancel_fact_check(fact_check_id, reason, by=AGENT, at=LATER)


def test_a_fact_check_is_requested_from_a_vendor():
    claim = a_claim(held_by=AGENT)
    due = NOW + timedelta(days=2)

    fact_check_id = ask(claim, due_at=due)

    stored = replayed(claim)
    fact_check = stored.fact_check("fc-1")
    assert fact_check_id == "fc-1"
    assert (fact_check.vendor_id, fact_check.vendor_kind) == ("M-9", "merchant")
    assert fact_check.question == QUESTION
    assert (fact_check.due_at, fact_check.status) == (due, "open")
    assert (fact_check.requested_by, fact_check.requested_at) == (AGENT.id, NOW)
    assert stored.status == "awaiting_vendor"


def test_fact_checks_are_numbered_in_order():
    claim = a_claim(held_by=AGENT)

    ids = [ask(claim, vendor_id=vendor, vendor_kind=kind) for vendor, kind in
           [("M-9", "merchant"), ("CJ-logis", "logistics"), ("photo-team", "internal")]]

    assert ids == ["fc-1", "fc-2", "fc-3"]
    assert [fc.vendor_kind for fc in replayed(claim).fact_checks] == [
        "merchant", "logistics", "internal"]


@pytest.mark.parametrize("overrides, rule", [
    (dict(vendor_kind="photographer"), "vendor.kind.unknown"),
    (dict(vendor_id=" "), "vendor.id.required"),
    (dict(question=""), "question.required"),
    (dict(question="   "), "question.required"),
    (dict(due_at=datetime(2026, 11, 25, 18, 0)), "due_at.offset"),
])
def test_an_invalid_fact_check_request_is_refused(overrides, rule):
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, rule):
        ask(claim, **overrides)

    assert claim.collect_events() == []
    assert claim.fact_checks == []


@pytest.mark.parametrize("offset", [timedelta(days=-1), timedelta(0)])
def test_a_fact_check_due_now_or_in_the_past_is_refused(offset):
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "due_at.past"):
        ask(claim, due_at=NOW + offset)

    assert claim.collect_events() == []


def test_a_fact_check_due_a_microsecond_from_now_is_accepted():
    claim = a_claim(held_by=AGENT)

    fact_check_id = ask(claim, due_at=NOW + timedelta(microseconds=1))

    assert claim.fact_check(fact_check_id).due_at == NOW + timedelta(microseconds=1)


def test_an_answer_records_the_finding_and_ends_the_wait():
    claim = a_claim(held_by=AGENT)
    fact_check_id = ask(claim)

    answer(claim, fact_check_id, "confirmed", "두 날 모두 내부 공사로 휴업",
           ["notice.png", "calendar.pdf"])

    stored = replayed(claim)
    answered = stored.fact_check(fact_check_id)
    assert (answered.status, answered.finding) == ("answered", "confirmed")
    assert answered.details == "두 날 모두 내부 공사로 휴업"
    assert answered.evidence == ["notice.png", "calendar.pdf"]
    assert answered.answered_at == LATER
    assert stored.status == "in_progress"


def test_an_answer_with_an_unknown_finding_is_refused():
    claim = a_claim(held_by=AGENT)
    fact_check_id = ask(claim)
    claim.collect_events()

    with refused(InvalidCommand, "finding.unknown"):
        answer(claim, fact_check_id, "probably")

    assert claim.collect_events() == []
    assert claim.fact_check(fact_check_id).status == "open"


def test_a_fact_check_cannot_be_answered_twice():
    claim = a_claim(held_by=AGENT)
    fact_check_id = ask(claim)
    answer(claim, fact_check_id, "disputed", "정상 영업")
    claim.collect_events()

    with refused(StateConflict, "fact_check.not_open"):
        answer(claim, fact_check_id, "confirmed")

    assert claim.collect_events() == []
    assert claim.fact_check(fact_check_id).finding == "disputed"


def test_a_cancelled_fact_check_cannot_be_answered():
    claim = a_claim(held_by=AGENT)
    fact_check_id = ask(claim)
    cancel(claim, fact_check_id, "고객이 직접 확인")
    claim.collect_events()

    with refused(StateConflict, "fact_check.not_open"):
        answer(claim, fact_check_id, "confirmed")

    assert claim.collect_events() == []


def test_answering_an_unknown_fact_check_is_refused():
    claim = a_claim(held_by=AGENT)
    ask(claim)
    claim.collect_events()

    with refused(UnknownPart, "fact_check.unknown"):
        answer(claim, "fc-2", "confirmed")

    assert claim.collect_events() == []


def test_a_cancelled_fact_check_ends_the_wait():
    claim = a_claim(held_by=AGENT)
    fact_check_id = ask(claim)

    cancel(claim, fact_check_id, "고객이 직접 확인")

    stored = replayed(claim)
    cancelled = stored.fact_check(fact_check_id)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "고객이 직접 확인")
    assert cancelled.cancelled_at == LATER
    assert stored.status == "in_progress"


@pytest.mark.parametrize("first", ["answer", "cancel"])
def test_only_an_open_fact_check_can_be_cancelled(first):
    claim = a_claim(held_by=AGENT)
    fact_check_id = ask(claim)
    if first == "answer":
        answer(claim, fact_check_id, "inconclusive")
    else:
        cancel(claim, fact_check_id)
    claim.collect_events()

    with refused(StateConflict, "fact_check.not_open"):
        cancel(claim, fact_check_id)

    assert claim.collect_events() == []


def test_cancelling_an_unknown_fact_check_is_refused():
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(UnknownPart, "fact_check.unknown"):
        cancel(claim, "fc-1")

    assert claim.collect_events() == []


def test_the_claim_awaits_vendors_while_any_fact_check_is_open():
    claim = a_claim(held_by=AGENT)
    merchant = ask(claim)
    courier = ask(claim, vendor_id="CJ-logis", vendor_kind="logistics")

    answer(claim, merchant, "confirmed")
    after_first = claim.status
    answer(claim, courier, "disputed")

    assert after_first == "awaiting_vendor"
    assert claim.status == "in_progress"
