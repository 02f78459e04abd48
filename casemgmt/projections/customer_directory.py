"""Finding a customer as a phone agent does, and their whole history (the customer 360).

A customer is known by the id the intake gave; their name, phone, e-mail, tier and
vulnerability are shown as their most recently received claim gives them (people move,
change numbers and tiers; the newest word is the one that counts), except that name, phone
and e-mail come from the newest claim whose personal data can still be read (a claim past
retention no longer can).
"""
from __future__ import annotations

import json
from typing import Any

from casemgmt.infrastructure.blind_index import BlindIndex
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sealing import ERASED, Sealer
from . import customer_query as query

LOOKUP_FIELDS = ("phone", "email", "order_id", "name")


class CustomerNotFound(Exception):
    """Raised when no claim was ever filed for the customer id."""


class CustomerErased(Exception):
    """Raised when the customer's personal data was erased on request (PIPA §36)."""


class CustomerDirectory:
    def __init__(self, db: Database, sealer: Sealer, index: BlindIndex):
        self.db, self.sealer, self.index = db, sealer, index

    def find(self, field: str, value: str, *, offset: int = 0,
             limit: int = 50) -> tuple[list[dict[str, Any]], int | None]:
        """One page of customers with a claim matching `value` (in customer id order), and the
        offset of the next page, if any."""
        digest = self.index.digest(field, value)
        if digest is None:
            return [], None
        # One read for the customers, their claims and the claims' keys: one connection.
        with self.db.transaction(write=False) as cur:
            ids, rows = query.customers_matching(cur, field, digest, offset=offset,
                                                 limit=limit + 1)
            page, claims = ids[:limit], _by_customer(rows)
            self.sealer.keys.prefetch([r["claim_id"] for c in page for r in claims[c]], cur)
        items = [self._summary(c, claims[c]) for c in page]
        return items, (offset + limit if len(ids) > limit else None)

    def newest_claims(self, customer_ids: list[str]) -> dict[str, str]:
        """customer id → their most recently received claim's id."""
        return query.newest_claims(self.db, customer_ids)

    def customer(self, customer_id: str) -> dict[str, Any]:
        """The customer 360: who they are now, every claim, every decision and the totals."""
        rows = query.claims_of(self.db, [customer_id])
        if not rows:
            raise CustomerNotFound(customer_id)
        if query.is_erased(self.db, customer_id):
            raise CustomerErased(customer_id)
        self.sealer.keys.prefetch([r["claim_id"] for r in rows])
        orders = {r["claim_id"]: self._open(r["claim_id"], r["order_id"], None) for r in rows}
        concessions = [dict(claim_id=d["claim_id"], decision_id=d["decision_id"],
                            order_id=orders.get(d["claim_id"]), remedy=d["remedy"],
                            amount_krw=d["amount_krw"], status=d["status"], hold=d["hold"],
                            decided_at=d["decided_at"])
                       for d in query.decisions_of_customer(self.db, customer_id)]
        return dict(
            self._summary(customer_id, rows),
            claims=[dict(id=r["claim_id"], status=r["status"], category=r["category"],
                         channel=r["channel"], received_at=r["received_at"],
                         closed_at=r["closed_at"]) for r in rows],
            concessions=concessions,
            concessions_total_krw=sum(c["amount_krw"] for c in concessions
                                      if c["status"] == "approved"),
            abuse_reports=sum(r["abuse_reports"] for r in rows),
            open_agency_tracks=sum(r["open_agency_tracks"] for r in rows),
        )

    def _summary(self, customer_id: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """`rows`: the customer's claims, newest received first."""
        newest = rows[0]
        shown = next((r for r in rows if self.sealer.keys.key(r["claim_id"]) is not None), newest)
        claim_id = shown["claim_id"]
        return dict(
            customer_id=customer_id,
            name=self._open(claim_id, shown["customer_name"], ""),
            phone=self._open(claim_id, shown["customer_phone"], None),
            email=self._open(claim_id, shown["customer_email"], None),
            tier=newest["customer_tier"], vulnerable=json.loads(newest["customer_vulnerable"]),
            claims=len(rows), open_claims=sum(1 for r in rows if r["status"] != "closed"),
            last_received_at=newest["received_at"], shown_claim_id=claim_id,
        )

    def _open(self, claim_id: str, sealed: Any, like: Any) -> Any:
        value = self.sealer.unseal(claim_id, sealed, like=like)
        return None if like is None and value == ERASED else value


def _by_customer(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["customer_id"], []).append(row)
    return grouped
