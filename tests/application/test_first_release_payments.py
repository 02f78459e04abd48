"""A store written by the first release (tests/fixtures/v1_store.db): its decisions load with no
hold, and once the views have caught up the order guard knows the payments made back then."""
from __future__ import annotations

from casemgmt.domain.values import Customer, Order
from tests.application.conftest import V1_CLAIM


def test_first_release_payments_hold_a_new_refund_on_the_same_order(v1_services):
    app = v1_services.casemgmt
    old = app.get_claim(V1_CLAIM)
    v1_services.projections.catch_up()  # the upgrade's first catch-up fills order_approvals
    agent = app.add_staff("한도큰상담사", "agent", 5_000_000)[0].as_actor()
    claim = app.file_claim(agent, channel="phone", category="merchant_service",
                           customer=Customer(id="C-2002", name="이순신"),
                           order=Order("O-77", "M-9", 89_000), summary="같은 이용권")
    app.assign(agent, claim.id, agent.id)

    claim = app.propose_decision(agent, claim.id, remedy="refund", amount_krw=89_000,
                                 rationale="휴업")

    assert [(d.hold, d.previous, d.acknowledged_previous) for d in old.decisions] == [
        (None, [], [])] * 3
    decision = claim.decision("d-1")
    assert (decision.status, decision.hold) == ("pending_approval", "duplicate_compensation")
    assert decision.previous == [
        {"claim_id": V1_CLAIM, "decision_id": "d-1", "amount_krw": 10_000},
        {"claim_id": V1_CLAIM, "decision_id": "d-2", "amount_krw": 89_000}]
