"""The blind index of customers: keyed hashes of each claim's customer phone, e-mail, name and
order number (infrastructure/blind_index.py), written from the claims' Filed events.

The runner hands views the personal fields sealed and never opens them. This view is the one
exception, for the time of one HMAC: it opens the customer's fields with the claim's data key,
hashes them and lets go. Doing it here rather than at intake keeps the index a projection like
the others: `casemgmt project --rebuild` rebuilds it from the events, a write never waits for
it, and a claim whose key was destroyed (erasure, retention) is never indexed again, since its
fields no longer open. The price: the index lags the event store as every view does, so look-ups
wait for the views to catch up (read-your-writes, as the work queue does).
"""
from __future__ import annotations

from typing import Any, Sequence

from casemgmt.infrastructure.blind_index import BlindIndex
from casemgmt.infrastructure.sql import Cursor
from casemgmt.infrastructure.sealing import ERASED, Sealer

from .base import Item

_INSERT = ("INSERT INTO customer_index (field, digest, claim_id, customer_id)"
           " VALUES (%s, %s, %s, %s) ON CONFLICT (field, digest, claim_id) DO NOTHING")


class CustomerIndexView:
    name = "customer_index"

    def __init__(self, index: BlindIndex, sealer: Sealer):
        self.index = index
        self.sealer = sealer

    @property
    def fingerprint(self) -> str:
        return f"customer_index/1:{self.index.key_check}"  # another key, other hashes

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        filed = [item for item in items
                 if item.is_claim_event and item.type_name == "Filed" and item.event is not None]
        live = _live_keys(cur, [item.originator_id for item in filed])
        rows = []
        for item in filed:
            if str(item.originator_id) in live:
                rows += self.rows(item.originator_id, item.event.customer, item.event.order)
        cur.executemany(_INSERT, rows)

    def rows(self, claim_id: str, customer: dict, order: dict | None) -> list[tuple]:
        if self.sealer.keys.key(claim_id) is None:
            return []  # erased or past retention: nothing of it may be found again
        unseal = self.sealer.unseal
        values = {"phone": unseal(claim_id, customer.get("phone"), like=None),
                  "email": unseal(claim_id, customer.get("email"), like=None),
                  "name": unseal(claim_id, customer.get("name")),
                  "order_id": (order or {}).get("id")}
        rows = []
        for field, value in values.items():
            digest = self.index.digest(field, value) if value != ERASED else None
            if digest is not None:
                rows.append((field, digest, claim_id, customer["id"]))
        return rows

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM customer_index")


def _live_keys(cur: Cursor, claim_ids: Sequence[Any]) -> set[str]:
    """The claims whose data key still exists, asked of the database in this transaction: a key
    cached by this process may have been destroyed by another since (an erasure racing the
    index). On PostgreSQL the key rows are share-locked until this batch commits, so an erasure
    either came first (nothing indexed) or waits and then forgets what was indexed; SQLite runs
    one writer at a time."""
    ids = [str(claim_id) for claim_id in claim_ids]
    lock = " FOR SHARE" if cur.backend == "postgres" else ""
    live: set[str] = set()
    for start in range(0, len(ids), 500):
        where, params = cur.one_of("claim_id", ids[start:start + 500])
        cur.execute(f"SELECT claim_id FROM data_keys WHERE {where}"
                    f" AND wrapped_key IS NOT NULL{lock}", params)
        live.update(row[0] for row in cur.fetchall())
    return live


def forget(cur: Cursor, claim_ids: Sequence[Any]) -> None:
    """Erasure and retention: the claims' customers can no longer be found through them."""
    ids = [str(claim_id) for claim_id in claim_ids]
    for start in range(0, len(ids), 500):
        where, params = cur.one_of("claim_id", ids[start:start + 500])
        cur.execute(f"DELETE FROM customer_index WHERE {where}", params)
