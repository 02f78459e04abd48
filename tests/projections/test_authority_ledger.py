"""The authority ledger: money granted under someone's discretionary authority, by KST month."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from casemgmt.application.clock import KST
from casemgmt.domain.values import Order
from casemgmt.projections.authority_ledger import granted_in_month
from tests.builders import POSITIONS, a_customer, a_filed_claim, a_member

pytestmark = pytest.mark.own_store(
    "Whole-table checks (nothing stored, rows in the log or the views): a store of its own.")


def ledger(services, member, month):
    return granted_in_month(services.db, member.id, month)


@pytest.fixture
def staff(app):
    """An agent and two supervisors of this test alone: the ledger adds up by person and month."""
    return {position: a_member(app, *POSITIONS[position]).actor
            for position in ("agent", "supervisor", "senior")}


def test_who_is_credited_with_a_grant_and_when(services, app, staff, clock):
    agent, supervisor, senior = staff["agent"], staff["supervisor"], staff["senior"]
    boss = supervisor

    def a_claim(**customer):
        # Each on its own order: a second payment on one order waits for a supervisor.
        order = Order(f"O-{customer.get('id', 'C-1001')}-{customer.get('tier', 'regular')}")
        return str(a_filed_claim(app, agent, customer=a_customer(**customer), order=order).id)

    regular, rejected, loyal, late, waived = (a_claim(), a_claim(id="C-2"), a_claim(tier="loyal"),
                                              a_claim(id="C-4"), a_claim(id="C-5"))
    for claim_id in (regular, rejected, loyal, late, waived):
        app.assign(agent, claim_id, agent.id)

    # Within the agent's own authority: approved at once, credited to the agent.
    app.propose_decision(agent, regular, remedy="coupon", amount_krw=20_000, rationale="사과")
    # Beyond it: pending, credited to nobody yet.
    refund = app.propose_decision(agent, regular, remedy="refund", amount_krw=89_000,
                                     rationale="전액 환불").decisions[-1].id
    services.projections.catch_up()
    assert ledger(services, agent, "2026-11") == (20_000, 1)
    assert ledger(services, boss, "2026-11") == (0, 0)

    # Approved: credited to the supervisor who approved it, never to the proposer.
    app.review_decision(boss, regular, refund, approved=True, note="승인")
    # Rejected: credited to nobody, ever.
    no = app.propose_decision(agent, rejected, remedy="partial_refund", amount_krw=50_000,
                                 rationale="절반 환불").decisions[-1].id
    app.review_decision(boss, rejected, no, approved=False, note="근거 부족")
    # A loyal customer raises the agent's limit by policy (30,000 × 1.5).
    app.propose_decision(agent, loyal, remedy="points", amount_krw=40_000, rationale="포인트")
    # A supervisor's own decision within their authority is theirs.
    app.propose_decision(boss, rejected, remedy="coupon", amount_krw=100_000, rationale="쿠폰")
    services.projections.catch_up()
    assert ledger(services, agent, "2026-11") == (60_000, 2)
    assert ledger(services, boss, "2026-11") == (189_000, 2)

    # The month is Seoul's: 2026-12-01 08:00 KST is still November in UTC.
    clock.current = datetime(2026, 11, 30, 23, 30, tzinfo=KST)
    pending = app.propose_decision(agent, late, remedy="refund", amount_krw=70_000,
                                      rationale="환불").decisions[-1].id
    clock.current = datetime(2026, 12, 1, 8, 0, tzinfo=KST)
    assert clock.now().astimezone(timezone.utc).month == 11
    app.review_decision(senior, late, pending, approved=True)
    # (On another order: after the refund, a waiver on `late` would wait for a supervisor.)
    app.propose_decision(agent, waived, remedy="shipping_fee_waiver", amount_krw=3_000,
                         rationale="반품 배송비")
    services.projections.catch_up()
    assert ledger(services, senior, "2026-12") == (70_000, 1)
    assert ledger(services, senior, "2026-11") == (0, 0)
    assert ledger(services, agent, "2026-12") == (3_000, 1)
    assert ledger(services, agent, "2026-11") == (60_000, 2)
    assert ledger(services, boss, "2026-12") == (0, 0)

    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT claim_id, decision_id, granted_by, proposed_by, remedy, amount_krw,"
                    " month FROM authority_grants WHERE claim_id IN (%s, %s, %s, %s, %s)"
                    " ORDER BY amount_krw", (regular, rejected, loyal, late, waived))
        rows = [tuple(r) for r in cur.fetchall()]
    assert rows == [
        (waived, "d-1", agent.id, agent.id, "shipping_fee_waiver", 3_000, "2026-12"),
        (regular, "d-1", agent.id, agent.id, "coupon", 20_000, "2026-11"),
        (loyal, "d-1", agent.id, agent.id, "points", 40_000, "2026-11"),
        (late, "d-1", senior.id, agent.id, "refund", 70_000, "2026-12"),
        (regular, "d-2", boss.id, agent.id, "refund", 89_000, "2026-11"),
        (rejected, "d-2", boss.id, boss.id, "coupon", 100_000, "2026-11"),
    ]


def test_proposal_and_approval_in_one_batch_credit_the_approver_once(services, app, staff):
    """The runner hands views the claim as it stands after the batch; the ledger must still
    tell the proposal (pending then) from the approval."""
    agent, boss = staff["agent"], staff["supervisor"]
    claim_id = str(a_filed_claim(app, agent).id)
    app.assign(agent, claim_id, agent.id)
    decision = app.propose_decision(agent, claim_id, remedy="refund", amount_krw=89_000,
                                       rationale="전액 환불").decisions[-1].id
    app.review_decision(boss, claim_id, decision, approved=True)
    services.projections.catch_up()  # all of it in one batch
    assert ledger(services, agent, "2026-11") == (0, 0)
    assert ledger(services, boss, "2026-11") == (89_000, 1)
