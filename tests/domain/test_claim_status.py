"""Status, priority and flags derived from a claim's facts: the first that applies of closed,
escalated, awaiting_approval, awaiting_vendor, in_progress, new (API.md)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.builders import AGENT, NOW, POLICY, SUPERVISOR, a_claim, a_customer, replayed

LATER = NOW + timedelta(hours=1)


def open_fact_check(claim, by=AGENT):
    return claim.request_fact_check("M-9", "merchant", "휴업 여부?", None, by=by, at=NOW)


def pending_decision(claim, by=AGENT):
    return claim.propose_decision("refund", 89_000, "휴업으로 이용권 사용 불가", by=by, at=NOW,
                                  policy=POLICY)


def open_escalation(claim, by=AGENT):
    return claim.escalate("kca", "KCA-3", NOW, None, by=by, at=NOW)


def with_waits(fact_check=False, decision=False, escalation=False):
    claim = a_claim(held_by=AGENT)
    if fact_check:
        open_fact_check(claim)
    if decision:
        pending_decision(claim)
    if escalation:
        open_escalation(claim)
    return claim


@pytest.mark.parametrize("fact_check, decision, escalation, status", [
    (False, False, False, "in_progress"),
    (True, False, False, "awaiting_vendor"),
    (False, True, False, "awaiting_approval"),
    (True, True, False, "awaiting_approval"),
    (False, False, True, "escalated"),
    (True, False, True, "escalated"),
    (False, True, True, "escalated"),
    (True, True, True, "escalated"),
])
def test_the_first_wait_that_applies_names_the_status(fact_check, decision, escalation, status):
    claim = with_waits(fact_check, decision, escalation)

    assert replayed(claim).status == status


def test_a_claim_nobody_has_touched_is_new():
    claim = a_claim()

    assert replayed(claim).status == "new"


def test_a_note_alone_leaves_a_claim_new():
    claim = a_claim()

    claim.add_note("SNS 모니터링으로 발견", by=SUPERVISOR, at=LATER)

    assert replayed(claim).status == "new"


def test_an_assigned_claim_is_in_progress():
    claim = a_claim()

    claim.assign(AGENT, by=AGENT, at=LATER)

    assert replayed(claim).status == "in_progress"


def test_a_responded_claim_is_in_progress_even_unassigned():
    claim = a_claim()

    claim.respond("접수되었습니다", "email", by=SUPERVISOR, at=LATER)

    assert replayed(claim).status == "in_progress"


def test_status_unwinds_as_each_wait_ends():
    claim = a_claim(held_by=AGENT)
    fact_check_id = open_fact_check(claim)
    decision_id = pending_decision(claim)
    escalation_id = open_escalation(claim)
    seen = []

    claim.conclude_escalation(escalation_id, "settled", None, by=AGENT, at=LATER)
    seen.append(claim.status)
    claim.review_decision(decision_id, True, None, by=SUPERVISOR, at=LATER, policy=POLICY)
    seen.append(claim.status)
    claim.answer_fact_check(fact_check_id, "confirmed", None, [], by=AGENT, at=LATER)
    seen.append(claim.status)

    assert seen == ["awaiting_approval", "awaiting_vendor", "in_progress"]
    assert replayed(claim).status == "in_progress"


def test_an_escalation_without_assignment_still_means_escalated():
    claim = a_claim()

    open_escalation(claim, by=SUPERVISOR)

    assert replayed(claim).status == "escalated"


def test_closed_comes_first_even_with_a_fact_check_open_at_closure():
    claim = a_claim(responded_by=AGENT)
    open_fact_check(claim)

    claim.close("resolved", None, by=AGENT, at=LATER)

    assert replayed(claim).status == "closed"


def test_a_reopened_claim_is_back_in_progress():
    claim = a_claim(closed_by=AGENT)

    claim.reopen("재문의", by=AGENT, at=LATER)

    assert replayed(claim).status == "in_progress"


def test_a_claim_reopened_with_a_new_fact_check_awaits_the_vendor_again():
    claim = a_claim(closed_by=AGENT)
    claim.reopen("재문의", by=AGENT, at=LATER)

    open_fact_check(claim)

    assert replayed(claim).status == "awaiting_vendor"


@pytest.mark.parametrize("tier, vulnerable, priority", [
    ("regular", [], "normal"), ("loyal", [], "normal"), ("vip", [], "high"),
    ("regular", ["senior"], "high"), ("regular", ["visually_impaired"], "high"),
])
def test_priority_follows_the_customer(tier, vulnerable, priority):
    claim = a_claim(customer=a_customer(tier=tier, vulnerable=vulnerable))

    assert claim.priority == priority


def test_an_open_agency_case_is_urgent_and_stays_flagged_after_its_outcome():
    claim = with_waits(escalation=True)
    urgent = claim.priority

    claim.conclude_escalation("e-1", "settled", None, by=AGENT, at=LATER)

    assert (urgent, claim.priority) == ("urgent", "normal")
    assert claim.flags == ["agency_escalation"]


def test_flags_accumulate_in_a_stable_order():
    claim = a_claim(customer=a_customer(vulnerable=["senior"]), responded_by=AGENT)
    claim.escalate("kca_1372", "1372-1", NOW, None, by=AGENT, at=NOW)
    claim.conclude_escalation("e-1", "withdrawn", None, by=AGENT, at=NOW)
    claim.close("resolved", None, by=AGENT, at=NOW)
    claim.reopen("재문의", by=AGENT, at=NOW)

    claim.report_abuse("threat", None, by=AGENT, at=LATER)

    assert replayed(claim).flags == [
        "abuse_reported", "vulnerable_customer", "reopened", "agency_escalation"]
