"""Decisions under discretionary authority (전결권): approval at once, or by a supervisor."""
from __future__ import annotations

from datetime import timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, NotPermitted, StateConflict, UnknownPart
from tests.builders import (
    AGENT, NOW, OTHER_AGENT, POLICY, SENIOR, STAFF, SUPERVISOR, a_claim, a_customer, event_names,
    replayed,
)
from tests.expect import refused

RATIONALE = "두 번 방문 모두 휴업이 확인되어 이용권 금액과 교통비를 보상합니다."
LATER = NOW + timedelta(minutes=30)


def a_claim_for(agent=AGENT, tier="regular"):
    return a_claim(customer=a_customer(tier=tier), held_by=agent)


def propose(claim, amount, remedy="partial_refund", rationale=RATIONALE, by=AGENT):
    return claim.propose_decision(remedy, amount, rationale, by=by, at=NOW, policy=POLICY)


def review(claim, decision_id, approved=True, note=None, by=SUPERVISOR):
    claim.review_decision(decision_id, approved, note, by=by, at=LATER, policy=POLICY)


def test_a_remedy_within_the_agents_limit_is_approved_at_once():
    claim = a_claim_for()

    decision_id = propose(claim, 30_000, remedy="coupon")

    stored = replayed(claim)
    decision = stored.decision(decision_id)
    assert decision_id == "d-1"
    assert (decision.status, decision.decided_by, decision.decided_at) == (
        "approved", AGENT.id, NOW)
    assert (decision.remedy, decision.amount_krw) == ("coupon", 30_000)
    assert decision.rationale == RATIONALE
    assert (decision.proposed_by, decision.proposed_at) == (AGENT.id, NOW)
    assert stored.status == "in_progress"
    assert stored.granted_krw == 30_000


def test_remedy_beyond_agent_limit_waits_for_a_supervisor():
    claim = a_claim_for()

    decision_id = propose(claim, 30_001)

    stored = replayed(claim)
    decision = stored.decision(decision_id)
    assert (decision.status, decision.decided_by, decision.decided_at) == (
        "pending_approval", None, None)
    assert stored.status == "awaiting_approval"
    assert stored.granted_krw == 0


@pytest.mark.parametrize("tier, amount, status", [
    ("regular", 30_000, "approved"),
    ("regular", 30_001, "pending_approval"),
    ("loyal", 45_000, "approved"),
    ("loyal", 45_001, "pending_approval"),
    ("vip", 60_000, "approved"),
    ("vip", 60_001, "pending_approval"),
])
def test_the_customers_tier_raises_the_agents_limit(tier, amount, status):
    claim = a_claim_for(tier=tier)

    decision_id = propose(claim, amount)

    assert claim.decision(decision_id).status == status


@pytest.mark.parametrize("rationale", ["", "   ", None])
def test_a_decision_without_a_rationale_is_refused(rationale):
    claim = a_claim_for()
    claim.collect_events()

    with refused(InvalidCommand, "rationale.required"):
        propose(claim, 1_000, rationale=rationale)

    assert claim.collect_events() == []
    assert claim.decisions == []


@pytest.mark.parametrize("amount", [-1, 1_000.0, 5.5, "1000", None, True])
def test_an_amount_that_is_not_whole_won_is_refused(amount):
    claim = a_claim_for()
    claim.collect_events()

    with refused(InvalidCommand, "amount_krw.invalid"):
        propose(claim, amount)

    assert claim.collect_events() == []


@pytest.mark.parametrize("remedy", ["apology", "reject"])
def test_an_apology_or_rejection_gives_no_money(remedy):
    claim = a_claim_for()
    claim.collect_events()

    with refused(InvalidCommand, "amount_krw.not_allowed"):
        propose(claim, 1, remedy=remedy)

    assert claim.collect_events() == []


@pytest.mark.parametrize("remedy", ["apology", "reject"])
def test_an_apology_or_rejection_of_nothing_is_approved_at_once(remedy):
    claim = a_claim_for()

    decision_id = propose(claim, 0, remedy=remedy)

    assert claim.decision(decision_id).status == "approved"


def test_an_unknown_remedy_is_refused():
    claim = a_claim_for()
    claim.collect_events()

    with refused(InvalidCommand, "remedy.unknown"):
        propose(claim, 1_000, remedy="cash_gift")

    assert claim.collect_events() == []


def test_a_supervisor_approves_a_pending_decision():
    claim = a_claim_for()
    decision_id = propose(claim, 120_000)

    review(claim, decision_id, approved=True, note="재방문 비용 인정")

    stored = replayed(claim)
    decision = stored.decision(decision_id)
    assert (decision.status, decision.decided_by) == ("approved", SUPERVISOR.id)
    assert (decision.decided_at, decision.note) == (LATER, "재방문 비용 인정")
    assert stored.status == "in_progress"
    assert stored.granted_krw == 120_000


def test_an_approval_is_recorded_as_its_own_event():
    claim = a_claim_for()
    decision_id = propose(claim, 120_000)
    claim.collect_events()

    review(claim, decision_id, approved=True)

    assert event_names(claim.collect_events()) == ["DecisionApproved"]


def test_a_supervisor_rejects_a_pending_decision():
    claim = a_claim_for()
    decision_id = propose(claim, 120_000)

    review(claim, decision_id, approved=False, note="쿠폰으로 대체")

    stored = replayed(claim)
    decision = stored.decision(decision_id)
    assert (decision.status, decision.decided_by, decision.note) == (
        "rejected", SUPERVISOR.id, "쿠폰으로 대체")
    assert stored.status == "in_progress"
    assert stored.granted_krw == 0


@pytest.mark.parametrize("approved", [True, False])
def test_an_agent_may_not_review_a_decision(approved):
    claim = a_claim_for()
    decision_id = propose(claim, 40_000)
    claim.collect_events()

    with refused(NotPermitted, "approval.supervisor_only"):
        review(claim, decision_id, approved=approved, by=OTHER_AGENT)

    assert claim.collect_events() == []
    assert claim.decision(decision_id).status == "pending_approval"


@pytest.mark.parametrize("position", ["agent", "auditor", "scheduler", "admin"])
def test_only_a_supervisor_reviews(position):
    claim = a_claim_for(OTHER_AGENT)
    decision_id = propose(claim, 40_000, by=OTHER_AGENT)
    claim.collect_events()

    with refused(NotPermitted, "approval.supervisor_only"):
        review(claim, decision_id, by=STAFF[position])

    assert claim.collect_events() == []


@pytest.mark.parametrize("approved", [True, False])
def test_a_supervisor_never_reviews_their_own_proposal(approved):
    claim = a_claim_for()
    decision_id = propose(claim, 600_000, remedy="refund", by=SUPERVISOR)
    claim.collect_events()

    with refused(NotPermitted, "approval.not_proposer"):
        review(claim, decision_id, approved=approved, by=SUPERVISOR)

    assert claim.collect_events() == []


@pytest.mark.parametrize("approved", [True, False])
def test_another_supervisor_reviews_a_supervisors_proposal(approved):
    claim = a_claim_for()
    decision_id = propose(claim, 600_000, remedy="refund", by=SUPERVISOR)

    review(claim, decision_id, approved=approved, by=SENIOR)

    assert claim.decision(decision_id).decided_by == SENIOR.id


@pytest.mark.parametrize("approved", [True, False])
def test_a_supervisor_may_not_review_beyond_their_own_authority(approved):
    claim = a_claim_for()
    decision_id = propose(claim, 500_001, remedy="refund")
    claim.collect_events()

    with refused(NotPermitted, "approval.beyond_authority"):
        review(claim, decision_id, approved=approved)

    assert claim.collect_events() == []
    assert claim.decision(decision_id).status == "pending_approval"


def test_a_supervisor_may_review_up_to_their_limit():
    claim = a_claim_for()
    decision_id = propose(claim, 500_000, remedy="refund")

    review(claim, decision_id, approved=True)

    assert claim.decision(decision_id).status == "approved"


def test_the_customers_tier_raises_the_supervisors_limit_too():
    claim = a_claim_for(tier="vip")
    decision_id = propose(claim, 1_000_000, remedy="refund")

    review(claim, decision_id, approved=True)

    assert claim.decision(decision_id).decided_by == SUPERVISOR.id


@pytest.mark.parametrize("first", ["approved at once", "approved", "rejected"])
def test_only_a_pending_decision_can_be_reviewed(first):
    claim = a_claim_for()
    decision_id = propose(claim, 10_000 if first == "approved at once" else 90_000)
    if first != "approved at once":
        review(claim, decision_id, approved=first == "approved")
    claim.collect_events()

    with refused(StateConflict, "approval.not_pending"):
        review(claim, decision_id, approved=True, by=SENIOR)

    assert claim.collect_events() == []


def test_reviewing_an_unknown_decision_is_refused():
    claim = a_claim_for()
    claim.collect_events()

    with refused(UnknownPart, "decision.unknown"):
        review(claim, "d-1", approved=True)

    assert claim.collect_events() == []


def test_decisions_are_numbered_and_each_keeps_its_own_status():
    claim = a_claim_for()

    first = propose(claim, 3_000, remedy="shipping_fee_waiver")
    second = propose(claim, 89_000, remedy="refund")
    third = propose(claim, 0, remedy="apology")

    assert (first, second, third) == ("d-1", "d-2", "d-3")
    assert [(d.id, d.status) for d in replayed(claim).decisions] == [
        ("d-1", "approved"), ("d-2", "pending_approval"), ("d-3", "approved")]
