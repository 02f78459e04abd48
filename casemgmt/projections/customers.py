"""The customer 360's read model: one row per claim (customer_claims) and per decision
(customer_concessions), which a customer's page and the claims export aggregate.

Personal fields (name, phone, e-mail) and the order number are sealed with the claim's data
key, as in work_queue: a destroyed key leaves them unreadable here too.
"""
from __future__ import annotations

import json
from typing import Any

from casemgmt.infrastructure.sql import Cursor
from casemgmt.infrastructure.sealing import Sealer

from .base import Item

CLAIM_COLUMNS = (
    "claim_id", "customer_id", "version", "status", "channel", "category", "received_at",
    "filed_at", "first_response_at", "closed_at", "resolution", "satisfaction_score",
    "customer_name", "customer_phone", "customer_email", "customer_tier", "customer_vulnerable",
    "order_id", "abuse_reports", "open_agency_tracks",
)
DECISION_COLUMNS = ("claim_id", "decision_id", "customer_id", "remedy", "amount_krw", "status",
                    "hold", "proposed_at", "decided_at")


def _upsert(table: str, columns: tuple[str, ...], key: tuple[str, ...]) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join(['%s'] * len(columns))})"
            f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key))


_CLAIM_UPSERT = _upsert("customer_claims", CLAIM_COLUMNS, ("claim_id",))
_DECISION_UPSERT = _upsert("customer_concessions", DECISION_COLUMNS, ("claim_id", "decision_id"))


class CustomerClaimsView:
    name = "customer_claims"
    fingerprint = "customer_claims/1"

    def __init__(self, sealer: Sealer):
        self.sealer = sealer

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        latest: dict[str, Any] = {}
        for item in items:
            if item.is_claim_event and item.claim is not None:
                latest[item.originator_id] = item.claim
        cur.executemany(_CLAIM_UPSERT, [self.claim_row(c) for c in latest.values()])
        cur.executemany(_DECISION_UPSERT, [_decision_row(c, d) for c in latest.values()
                                           for d in c.decisions])

    def claim_row(self, claim: Any) -> tuple:
        claim_id, c = str(claim.id), claim.customer
        cipher = self.sealer.keys.cipher(claim_id)
        name, phone, email, order_id = (
            self.sealer.seal(claim_id, value, cipher)
            for value in (c.name, c.phone, c.email, claim.order.id if claim.order else None))
        return (
            claim_id, c.id, claim.version, claim.status.value, claim.channel, claim.category,
            claim.received_at, claim.filed_at, claim.first_response_at, claim.closed_at,
            claim.resolution, claim.satisfaction.score if claim.satisfaction else None,
            name, phone, email, c.tier, json.dumps(list(c.vulnerable)), order_id,
            len(claim.abuse_reports), sum(1 for e in claim.escalations if e.is_open),
        )

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM customer_claims")
        cur.execute("DELETE FROM customer_concessions")


def _decision_row(claim: Any, decision: Any) -> tuple:
    return (str(claim.id), decision.id, claim.customer.id, decision.remedy, decision.amount_krw,
            decision.status, decision.hold, decision.proposed_at,
            decision.decided_at)
