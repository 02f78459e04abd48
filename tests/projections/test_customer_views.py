"""The customer views (blind index, customer 360 rows, order payments, staff directory) are
rebuilt from the events like the others; an erased customer stays unfindable through a rebuild;
payments decided before the order table existed are filled in from the events."""
from __future__ import annotations

import pytest

from casemgmt.projections.customer_directory import CustomerDirectory
from tests.builders import a_customer, a_filed_claim

from .helpers import views_after_a_busy_week

pytestmark = pytest.mark.own_store(
    "Rebuilds from zero and whole-table dumps need a store of their own.")

TABLES = {
    "customer_index": "field, digest, claim_id",
    "customer_claims": "claim_id",
    "customer_concessions": "claim_id, decision_id",
    "order_approvals": "order_key, seq",
    "staff_directory": "staff_id",
    "staff_tokens": "token_id",
}


def dump(services) -> dict[str, list[tuple]]:
    """Every row of the customer views; sealed values (fresh nonce each time) opened."""
    unseal = services.casemgmt.sealer.unseal
    dumped = {}
    with services.db.transaction(write=False) as cur:
        for table, key in TABLES.items():
            cur.execute(f"SELECT * FROM {table} ORDER BY {key}")
            dumped[table] = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                             for row in cur.fetchall()]
    dumped["customer_claims"] = [tuple(unseal(row[0], v) for v in row)
                                 for row in dumped["customer_claims"]]
    return dumped


def directory(services) -> CustomerDirectory:
    return services.views.customers


def test_a_rebuild_from_zero_writes_the_same_rows(services, team, clock):
    before = views_after_a_busy_week(services, team, clock, dump)

    services.projections.rebuild()

    assert dump(services) == before


def test_an_erased_customer_is_not_found_again_after_a_rebuild(services, team):
    app = services.casemgmt
    a_filed_claim(app, team.agent.actor, customer=a_customer(id="C-GONE", phone="010-1"))
    kept = a_filed_claim(app, team.agent.actor, customer=a_customer(id="C-KEPT", phone="010-2"))
    services.projections.catch_up()
    services.casemgmt.erase_customer("C-GONE", "고객 요청", team.admin.actor)

    services.projections.rebuild()

    assert directory(services).find("phone", "010-1", limit=10) == ([], None)
    assert directory(services).find("order_id", "O-77", limit=10)[0][0][
        "customer_id"] == "C-KEPT"
    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT DISTINCT claim_id FROM customer_index")
        assert {row[0] for row in cur.fetchall()} == {str(kept.id)}
    assert directory(services).customer("C-KEPT")["claims"][0]["id"] == str(kept.id)


def test_payments_decided_before_the_order_table_existed_are_filled_in(services, team):
    app = services.casemgmt
    first = a_filed_claim(app, team.agent.actor, customer=a_customer(id="C-1"))
    app.assign(team.agent.actor, first.id, team.agent.id)
    app.propose_decision(team.agent.actor, first.id, remedy="refund", amount_krw=20_000,
                         rationale="환불")
    with services.db.transaction() as cur:
        cur.execute("DELETE FROM order_approvals")  # as a store of the first release has it
    services.projections.rebuild(["order_approvals"])
    second = a_filed_claim(app, team.agent.actor, customer=a_customer(id="C-2"))
    app.assign(team.agent.actor, second.id, team.agent.id)

    claim = app.propose_decision(team.agent.actor, second.id, remedy="refund",
                                 amount_krw=20_000, rationale="환불")

    decision = claim.decision("d-1")
    assert (decision.status, decision.hold) == ("pending_approval", "duplicate_compensation")
    assert decision.previous == [
        {"claim_id": str(first.id), "decision_id": "d-1", "amount_krw": 20_000}]
