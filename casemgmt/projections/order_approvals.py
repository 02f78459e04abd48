"""Approved money decisions per order, filled in from the events for what no command wrote.

Commands record each payment they approve in the transaction of their events
(application/order_guard.py); this view adds the ones decided before that table existed, so
the guard knows every earlier payment after an upgrade, and restores any row that went
missing. It never deletes: the rows are facts the guard relies on at every moment, and a
rebuild that emptied the table first would let a duplicate payment through in the meantime.
"""
from __future__ import annotations

from casemgmt.infrastructure.blind_index import BlindIndex
from casemgmt.infrastructure.sql import Cursor
from casemgmt.infrastructure.order_approvals import OrderApprovals

from .base import Item


class OrderApprovalsView:
    name = "order_approvals"

    def __init__(self, index: BlindIndex):
        self.index = index

    @property
    def fingerprint(self) -> str:
        return f"order_approvals/1:{self.index.key_check}"

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        rows = []
        for item in items:
            row = self._payment(item)
            if row is not None:
                rows.append(row)
        OrderApprovals.backfill(cur, rows)

    def _payment(self, item: Item) -> tuple | None:
        claim, event = item.claim, item.event
        if claim is None or claim.order is None or item.type_name not in (
                "DecisionProposed", "DecisionApproved"):
            return None
        if item.type_name == "DecisionProposed" and event.status != "approved":
            return None  # pending: paid only once a supervisor approves it
        amount = claim.decision(event.decision_id).amount_krw
        order_key = self.index.digest("order_id", claim.order.id)
        if not amount or order_key is None:
            return None
        return order_key, item.originator_id, event.decision_id, amount, event.at

    def clear(self, cur: Cursor) -> None:
        pass  # see the module's docstring: replaying re-adds only what is missing
