"""The duplicate-compensation guard on the claim, given the order's earlier payments as facts."""
from __future__ import annotations

from datetime import datetime

import pytest

from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.claim import Claim
from casemgmt.domain.concessions import PriorConcession
from casemgmt.domain.errors import StateConflict
from casemgmt.domain.values import Actor, Customer, Order, Role
from tests.expect import refused

NOW = datetime(2026, 11, 20, 10, 0).astimezone()
AGENT = Actor(id="agent-1", role=Role.AGENT, authority_limit=1_000_000)  # ample authority
SUPERVISOR = Actor(id="sup-1", role=Role.SUPERVISOR, authority_limit=2_000_000)
POLICY = AuthorityPolicy()
FIRST_REFUND = PriorConcession("claim-earlier", "d-1", 89_000)


def a_claim_on(order: str | None = "O-77") -> Claim:
    claim = Claim.file(channel="phone", category="product_mismatch",
                       customer=Customer(id="C-1", name="김민수"),
                       order=Order(order, "M-9", 89_000) if order else None,
                       summary="다른 상품 배송", description=None, received_at=None,
                       by=AGENT, at=NOW)
    claim.assign(AGENT, by=AGENT, at=NOW)
    return claim


def propose(claim: Claim, amount: int, earlier=(), remedy="refund", by=AGENT) -> str:
    return claim.propose_decision(remedy, amount, "재배송 불가", by=by, at=NOW, policy=POLICY,
                                  earlier=earlier)


def test_a_second_refund_on_a_paid_order_waits_for_a_supervisor_citing_the_first():
    claim = a_claim_on("O-77")

    decision = claim.decision(propose(claim, 50_000, earlier=[FIRST_REFUND]))

    assert decision.status == "pending_approval"
    assert decision.hold == "duplicate_compensation"
    assert decision.previous == [
        {"claim_id": "claim-earlier", "decision_id": "d-1", "amount_krw": 89_000}]


def test_the_first_money_decision_on_an_order_is_approved_within_authority():
    claim = a_claim_on("O-77")

    decision = claim.decision(propose(claim, 50_000))

    assert (decision.status, decision.hold, decision.previous) == ("approved", None, [])


def test_an_earlier_payment_on_the_same_claim_holds_the_next_one():
    claim = a_claim_on("O-77")
    propose(claim, 10_000, remedy="coupon")

    decision = claim.decision(propose(claim, 20_000, remedy="points"))

    assert (decision.status, decision.hold) == ("pending_approval", "duplicate_compensation")
    assert [p["decision_id"] for p in decision.previous] == ["d-1"]


def test_a_supervisor_proposing_is_held_too():
    claim = a_claim_on("O-77")

    decision = claim.decision(propose(claim, 5_000, earlier=[FIRST_REFUND], by=SUPERVISOR))

    assert (decision.status, decision.hold) == ("pending_approval", "duplicate_compensation")


@pytest.mark.parametrize("remedy", ["exchange", "apology", "repair"])
def test_a_decision_without_money_is_never_held(remedy):
    claim = a_claim_on("O-77")

    decision = claim.decision(propose(claim, 0, earlier=[FIRST_REFUND], remedy=remedy))

    assert (decision.status, decision.hold) == ("approved", None)


def test_a_claim_without_an_order_has_nothing_to_guard():
    claim = a_claim_on(None)
    propose(claim, 10_000, remedy="coupon")

    decision = claim.decision(propose(claim, 10_000, remedy="points"))

    assert (decision.status, decision.hold) == ("approved", None)


def test_a_rejected_or_pending_decision_is_no_earlier_payment():
    claim = a_claim_on("O-77")
    held = propose(claim, 50_000, earlier=[FIRST_REFUND])
    claim.review_decision(held, False, "중복", by=SUPERVISOR, at=NOW, policy=POLICY)

    decision = claim.decision(propose(claim, 10_000, remedy="coupon"))

    assert (decision.status, decision.hold) == ("approved", None)


def test_approving_a_held_decision_records_the_payments_approved_on_top_of():
    claim = a_claim_on("O-77")
    held = propose(claim, 50_000, earlier=[FIRST_REFUND])

    claim.review_decision(held, True, "별개 하자 확인", by=SUPERVISOR, at=NOW, policy=POLICY,
                          earlier=[FIRST_REFUND])

    decision = claim.decision(held)
    assert (decision.status, decision.decided_by) == ("approved", SUPERVISOR.id)
    assert decision.acknowledged_previous == [
        {"claim_id": "claim-earlier", "decision_id": "d-1", "amount_krw": 89_000}]


def test_an_acknowledgement_must_name_payments_made_after_the_hold():
    claim = a_claim_on("O-77")
    held = propose(claim, 50_000, earlier=[FIRST_REFUND])
    since = PriorConcession("claim-racing", "d-1", 30_000)
    claim.collect_events()

    with refused(StateConflict, "approval.unseen_previous") as caught:
        claim.review_decision(held, True, None, by=SUPERVISOR, at=NOW, policy=POLICY,
                              earlier=[FIRST_REFUND, since], acknowledged=[])

    assert "claim-racing" in caught.value.message
    assert claim.collect_events() == []


def test_an_acknowledgement_naming_every_later_payment_approves():
    claim = a_claim_on("O-77")
    held = propose(claim, 50_000, earlier=[FIRST_REFUND])
    since = PriorConcession("claim-racing", "d-1", 30_000)

    claim.review_decision(held, True, None, by=SUPERVISOR, at=NOW, policy=POLICY,
                          earlier=[FIRST_REFUND, since], acknowledged=[("claim-racing", "d-1")])

    assert [p["claim_id"] for p in claim.decision(held).acknowledged_previous] == [
        "claim-earlier", "claim-racing"]


def test_old_decision_events_without_the_guard_fields_replay_with_no_hold():
    claim = a_claim_on("O-77")
    propose(claim, 10_000, remedy="coupon")
    event = claim.collect_events()[-1]
    del event.__dict__["hold"], event.__dict__["previous"]  # as the first release stored it
    replayed = a_claim_on("O-77")
    replayed.collect_events()

    event.apply(replayed)

    assert (replayed.decisions[0].hold, replayed.decisions[0].previous) == (None, [])
