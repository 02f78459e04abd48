"""Decisions under discretionary authority (전결권): approval at once, or by a supervisor."""
from __future__ import annotations

import pytest

from casemgmt.domain.errors import InvalidCommand, NotPermitted, StateConflict, UnknownPart
from tests.application.expect import refused, stored_events
from tests.builders import a_claim_in_hand, a_customer

RATIONALE = "두 번 방문 모두 휴업이 확인되어 이용권 금액과 교통비를 보상합니다."


def propose(app, actor, claim_id, amount, remedy="partial_refund", rationale=RATIONALE):
    claim = app.propose_decision(actor, claim_id, remedy=remedy, amount_krw=amount,
                                 rationale=rationale)
    return claim, claim.decisions[-1].id


def a_claim_for(app, agent, tier="regular"):
    return a_claim_in_hand(app, agent, customer=a_customer(tier=tier))


def test_a_remedy_within_the_agents_limit_is_approved_at_once(app, team, reread):
    claim = a_claim_for(app, team.agent)

    _, decision_id = propose(app, team.agent, claim.id, 30_000, remedy="coupon")

    stored = reread(claim.id)
    decision = stored.decision(decision_id)
    assert decision_id == "d-1"
    assert (decision.status, decision.decided_by) == ("approved", team.agent.id)
    assert (decision.remedy, decision.amount_krw) == ("coupon", 30_000)
    assert decision.rationale == RATIONALE
    assert stored.status == "in_progress"
    assert stored.granted_krw == 30_000


def test_remedy_beyond_agent_limit_waits_for_a_supervisor(app, team, reread):
    claim = a_claim_for(app, team.agent)

    _, decision_id = propose(app, team.agent, claim.id, 30_001)

    stored = reread(claim.id)
    decision = stored.decision(decision_id)
    assert (decision.status, decision.decided_by) == ("pending_approval", None)
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
def test_the_customers_tier_raises_the_agents_limit(app, team, tier, amount, status):
    claim = a_claim_for(app, team.agent, tier)

    proposed, decision_id = propose(app, team.agent, claim.id, amount)

    assert proposed.decision(decision_id).status == status


@pytest.mark.parametrize("rationale", ["", "   ", None])
def test_a_decision_without_a_rationale_is_refused(app, team, rationale):
    claim = a_claim_for(app, team.agent)

    with refused(InvalidCommand, "rationale.required"):
        propose(app, team.agent, claim.id, 1_000, rationale=rationale)

    assert app.get_claim(claim.id).decisions == []


@pytest.mark.parametrize("amount", [-1, 1_000.0, 5.5, "1000", None, True])
def test_an_amount_that_is_not_whole_won_is_refused(app, team, amount):
    claim = a_claim_for(app, team.agent)

    with refused(InvalidCommand, "amount_krw.invalid"):
        propose(app, team.agent, claim.id, amount)


@pytest.mark.parametrize("remedy", ["apology", "reject"])
def test_an_apology_or_rejection_gives_no_money(app, team, remedy):
    claim = a_claim_for(app, team.agent)

    with refused(InvalidCommand, "amount_krw.not_allowed"):
        propose(app, team.agent, claim.id, 1, remedy=remedy)

    _, decision_id = propose(app, team.agent, claim.id, 0, remedy=remedy)
    assert app.get_claim(claim.id).decision(decision_id).status == "approved"


def test_an_unknown_remedy_is_refused(app, team):
    claim = a_claim_for(app, team.agent)

    with refused(InvalidCommand, "remedy.unknown"):
        propose(app, team.agent, claim.id, 1_000, remedy="cash_gift")


def test_a_supervisor_approves_a_pending_decision(app, team, clock, reread):
    claim = a_claim_for(app, team.agent)
    _, decision_id = propose(app, team.agent, claim.id, 120_000)
    clock.advance(minutes=30)

    app.review_decision(team.supervisor, claim.id, decision_id, approved=True, note="재방문 비용 인정")

    stored = reread(claim.id)
    decision = stored.decision(decision_id)
    assert (decision.status, decision.decided_by) == ("approved", team.supervisor.id)
    assert (decision.decided_at, decision.note) == (clock.now(), "재방문 비용 인정")
    assert stored.status == "in_progress"
    assert type(stored_events(app, claim.id)[-1]).__name__ == "DecisionApproved"


def test_a_supervisor_rejects_a_pending_decision(app, team, reread):
    claim = a_claim_for(app, team.agent)
    _, decision_id = propose(app, team.agent, claim.id, 120_000)

    app.review_decision(team.supervisor, claim.id, decision_id, approved=False, note="쿠폰으로 대체")

    stored = reread(claim.id)
    decision = stored.decision(decision_id)
    assert (decision.status, decision.decided_by) == ("rejected", team.supervisor.id)
    assert stored.status == "in_progress"
    assert stored.granted_krw == 0


@pytest.mark.parametrize("approved", [True, False])
def test_an_agent_may_not_review_a_decision(app, team, approved):
    claim = a_claim_for(app, team.agent)
    _, decision_id = propose(app, team.agent, claim.id, 40_000)

    with refused(NotPermitted, "approval.supervisor_only"):
        app.review_decision(team.other_agent, claim.id, decision_id, approved=approved)

    assert app.get_claim(claim.id).decision(decision_id).status == "pending_approval"


@pytest.mark.parametrize("role", ["agent", "auditor", "scheduler", "admin"])
def test_only_a_supervisor_reviews(app, team, role):
    claim = a_claim_for(app, team.other_agent)
    _, decision_id = propose(app, team.other_agent, claim.id, 40_000)

    with refused(NotPermitted, "approval.supervisor_only"):
        app.review_decision(getattr(team, role), claim.id, decision_id, approved=True)


@pytest.mark.parametrize("approved", [True, False])
def test_a_supervisor_never_reviews_their_own_proposal(app, team, approved):
    claim = a_claim_for(app, team.agent)
    _, decision_id = propose(app, team.supervisor, claim.id, 600_000, remedy="refund")

    with refused(NotPermitted, "approval.not_proposer"):
        app.review_decision(team.supervisor, claim.id, decision_id, approved=approved)

    reviewed = app.review_decision(team.senior, claim.id, decision_id, approved=approved)
    assert reviewed.decision(decision_id).decided_by == team.senior.id


@pytest.mark.parametrize("approved", [True, False])
def test_a_supervisor_may_not_review_beyond_their_own_authority(app, team, approved):
    claim = a_claim_for(app, team.agent)
    _, decision_id = propose(app, team.agent, claim.id, 500_001, remedy="refund")

    with refused(NotPermitted, "approval.beyond_authority"):
        app.review_decision(team.supervisor, claim.id, decision_id, approved=approved)

    assert app.get_claim(claim.id).decision(decision_id).status == "pending_approval"


def test_a_supervisor_may_review_up_to_their_limit(app, team):
    claim = a_claim_for(app, team.agent)
    _, decision_id = propose(app, team.agent, claim.id, 500_000, remedy="refund")

    reviewed = app.review_decision(team.supervisor, claim.id, decision_id, approved=True)

    assert reviewed.decision(decision_id).status == "approved"


def test_the_customers_tier_raises_the_supervisors_limit_too(app, team):
    claim = a_claim_for(app, team.agent, "vip")
    _, decision_id = propose(app, team.agent, claim.id, 1_000_000, remedy="refund")

    reviewed = app.review_decision(team.supervisor, claim.id, decision_id, approved=True)

    assert reviewed.decision(decision_id).decided_by == team.supervisor.id


@pytest.mark.parametrize("first", ["approved at once", "approved", "rejected"])
def test_only_a_pending_decision_can_be_reviewed(app, team, first):
    claim = a_claim_for(app, team.agent)
    amount = 10_000 if first == "approved at once" else 90_000
    _, decision_id = propose(app, team.agent, claim.id, amount)
    if first != "approved at once":
        app.review_decision(team.supervisor, claim.id, decision_id, approved=first == "approved")

    with refused(StateConflict, "approval.not_pending"):
        app.review_decision(team.senior, claim.id, decision_id, approved=True)


def test_reviewing_an_unknown_decision_is_refused(app, team):
    claim = a_claim_for(app, team.agent)

    with refused(UnknownPart, "decision.unknown"):
        app.review_decision(team.supervisor, claim.id, "d-1", approved=True)


def test_decisions_are_numbered_and_each_keeps_its_own_status(app, team):
    claim = a_claim_for(app, team.agent)

    propose(app, team.agent, claim.id, 3_000, remedy="shipping_fee_waiver")
    propose(app, team.agent, claim.id, 89_000, remedy="refund")
    _, third = propose(app, team.agent, claim.id, 0, remedy="apology")

    decisions = app.get_claim(claim.id).decisions
    assert third == "d-3"
    assert [(d.id, d.status) for d in decisions] == [
        ("d-1", "approved"), ("d-2", "pending_approval"), ("d-3", "approved")]
