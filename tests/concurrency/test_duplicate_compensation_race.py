"""Agents racing money decisions on one order, in different claims, each through its own
application: at most one is approved without a supervisor.

The race is forced, not hoped for: every writer reads the order's recorded payments
("none yet") and waits at a barrier until all have read them, so each decides "approved"
before any has saved. The database then keeps one payment per order number; the others'
events roll back, they decide again and are held for a supervisor citing the winner.
"""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from casemgmt.application import Casemgmt
from casemgmt.application.clock import FixedClock
from casemgmt.bootstrap import build
from casemgmt.domain.values import Order
from tests.builders import NOW, a_customer, a_team
from tests.concurrency.test_racing_writers import race

pytestmark = pytest.mark.slow

WRITERS = 3
ROUNDS = 3


@pytest.fixture
def apps(settings, backend):
    """One application per writer, plus the one that sets the scene, on one database."""
    url = settings.database_url
    if backend == "postgres":  # small pools: four applications must not exhaust the server
        url += "&pool_size=1&max_overflow=2"
    built = [build(replace(settings, database_url=url), clock=FixedClock(NOW))
             for _ in range(WRITERS + 1)]
    yield [services.casemgmt for services in built]
    for services in built:
        services.close()


def read_then_wait(app: Casemgmt, barrier: threading.Barrier) -> None:
    """The writer's first read of the order's payments waits until every writer has read."""
    recorded, first = app.order_approvals.recorded, threading.Event()

    def recorded_then_wait(order_key):
        rows = recorded(order_key)
        if not first.is_set():
            first.set()
            barrier.wait(timeout=30)
        return rows

    app.order_approvals.recorded = recorded_then_wait


def claims_on_one_order(scene: Casemgmt, order_id: str, agents) -> list[str]:
    ids = []
    for n, agent in enumerate(agents):
        claim = scene.file_claim(agent, channel="phone", category="product_mismatch",
                                 customer=a_customer(id=f"C-{order_id}-{n}"),
                                 order=Order(order_id, "M-9", 89_000), summary="오배송")
        scene.assign(agent, claim.id, agent.id)
        ids.append(str(claim.id))
    return ids


def test_racing_refunds_on_one_order_approve_one_and_hold_the_rest(apps):
    scene, writers = apps[0], apps[1:]
    team = a_team(scene)
    agents = [scene.add_staff(f"상담사 {n}", "agent", 1_000_000)[0].as_actor()
              for n in range(WRITERS)]  # ample authority: only the guard can hold them

    for round_ in range(ROUNDS):
        claim_ids = claims_on_one_order(scene, f"O-RACE-{round_}", agents)
        barrier = threading.Barrier(WRITERS)
        for app in writers:
            read_then_wait(app, barrier)

        def work(app: Casemgmt, i: int, out: list) -> None:
            claim = app.propose_decision(agents[i], claim_ids[i], remedy="refund",
                                         amount_krw=89_000, rationale="오배송 환불")
            out.append(claim.decisions[-1].id)

        results = race(writers, work)

        unexpected = [r for rs in results for r in rs if isinstance(r, BaseException)]
        assert not unexpected, unexpected
        decisions = [scene.get_claim(c).decision("d-1") for c in claim_ids]
        approved = [(c, d) for c, d in zip(claim_ids, decisions) if d.status == "approved"]
        assert len(approved) == 1, [(d.status, d.hold) for d in decisions]
        winner = approved[0][0]
        held = [d for d in decisions if d.status != "approved"]
        assert all(d.status == "pending_approval" and d.hold == "duplicate_compensation"
                   for d in held)
        assert all({"claim_id": winner, "decision_id": "d-1", "amount_krw": 89_000}
                   in d.previous for d in held)

    # A supervisor may still approve a held one; it then counts as an earlier payment too.
    held_claim = next(c for c in claim_ids if c != winner)
    approved_by_boss = scene.review_decision(team.senior.actor, held_claim, "d-1", approved=True)
    assert approved_by_boss.decision("d-1").acknowledged_previous[0]["claim_id"] == winner
    assert len(scene.order_approvals.recorded(scene.order_approvals.key("O-RACE-2"))) == 2
