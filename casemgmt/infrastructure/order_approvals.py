"""Approved money decisions per order: read before a decision, written with its events.

Rows are numbered per order (seq 1, 2, …) in approval order. A command that approves money
read the order's rows first and writes the next numbers in the transaction of its events
(event_store.py); two commands that read the same rows write the same number, the database
refuses the second, and its events roll back with it. Orders are keyed by the blind index's
digest of the order number, so no order number lies in this table in clear.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from casemgmt.domain.concessions import PriorConcession

from casemgmt.application.ports import Statement

from .blind_index import BlindIndex
from .database import Database
from .sql import Cursor

_INSERT = ("INSERT INTO order_approvals (order_key, seq, claim_id, decision_id, amount_krw,"
           " approved_at) VALUES (%s, %s, %s, %s, %s, %s)")
# For the projection, which fills in what no command wrote (decisions approved before this
# table existed): the next number, unless the decision is there already.
_BACKFILL = ("INSERT INTO order_approvals (order_key, seq, claim_id, decision_id, amount_krw,"
             " approved_at) SELECT %s, (SELECT COALESCE(MAX(seq), 0) + 1 FROM order_approvals"
             " WHERE order_key = %s), %s, %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM"
             " order_approvals WHERE claim_id = %s AND decision_id = %s)")


class OrderApprovals:
    def __init__(self, db: Database, index: BlindIndex):
        self.db = db
        self.index = index

    def key(self, order_id: str | None) -> bytes | None:
        return self.index.digest("order_id", order_id)

    def recorded(self, order_key: bytes) -> list[PriorConcession]:
        """The order's approved money decisions so far, in approval order."""
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT claim_id, decision_id, amount_krw FROM order_approvals"
                        " WHERE order_key = %s ORDER BY seq", (order_key,))
            return [PriorConcession(c, d, int(a)) for c, d, a in cur.fetchall()]

    @staticmethod
    def statements(order_key: bytes, after: int, claim_id: str,
                   approvals: Iterable[tuple[str, int, datetime]]) -> list[Statement]:
        """Rows numbered after the `after` rows the command read: (decision id, won, when)."""
        return [Statement(_INSERT, (order_key, after + n, claim_id, decision_id, amount, at),
                          may_fail=True)
                for n, (decision_id, amount, at) in enumerate(approvals, start=1)]

    @staticmethod
    def backfill(cur: Cursor, rows: list[tuple[bytes, str, str, int, datetime]]) -> None:
        """(order key, claim id, decision id, won, when) rows, each unless already there."""
        for order_key, claim_id, decision_id, amount, at in rows:
            cur.execute(_BACKFILL, (order_key, order_key, claim_id, decision_id, amount, at,
                                    claim_id, decision_id))
