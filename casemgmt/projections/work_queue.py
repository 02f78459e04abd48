"""The work queue: one row per claim with what staff filter and sort on, deadlines included."""
from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import timedelta
from typing import Any, Mapping

from casemgmt.domain import deadlines as dl
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.infrastructure.sql import Cursor
from casemgmt.infrastructure.sealing import Sealer

from .base import Item

COLUMNS = (
    "claim_id", "version", "status", "channel", "category", "priority", "assignee",
    "customer_id", "customer_name", "customer_phone", "customer_email", "customer_tier",
    "customer_vulnerable", "summary", "flags", "received_at", "first_response_at", "closed_at",
    "first_response_due", "resolution_due", "refund_due", "pending_deadlines", "next_due_at",
    "reopen_count", "escalated", "handler_count", "satisfaction_score",
)
_INSERT = f"INSERT INTO work_queue ({', '.join(COLUMNS)})"
_ON_CONFLICT = (" ON CONFLICT (claim_id) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[1:]))


class WorkQueueView:
    name = "work_queue"

    def __init__(self, policy: dl.DeadlinePolicy, calendar: BusinessCalendar, sealer: Sealer):
        self.policy = policy
        self.calendar = calendar
        self.sealer = sealer  # personal data in the rows is sealed with the claim's key

    @property
    def fingerprint(self) -> str:
        # Deadlines are stored in the rows: a new policy or calendar means new rows. The basis
        # must not depend on the process: repr() of a frozenset follows PYTHONHASHSEED, and a
        # fingerprint that differed between processes would clear the view at every start.
        basis = json.dumps({
            "view": "work_queue/2",  # 2: personal fields sealed
            "policy": {f.name: _canonical(getattr(self.policy, f.name))
                       for f in dataclasses.fields(self.policy)},
            "extra_holidays": sorted(str(day) for day in self.calendar.extra_holidays),
        }, sort_keys=True)
        return hashlib.sha256(basis.encode()).hexdigest()[:16]

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        latest: dict[str, Any] = {}
        for item in items:
            if item.is_claim_event and item.claim is not None:
                latest[item.originator_id] = item.claim
        self.upsert(cur, [self.row(claim) for claim in latest.values()])

    def upsert(self, cur: Cursor, rows: list[tuple]) -> None:
        # one row per claim: a multi-row upsert may not touch a row twice
        cur.insert_rows(_INSERT, rows, _ON_CONFLICT, chunk=200)

    def row(self, claim: Any) -> tuple:
        deadlines = dl.claim_deadlines(claim, self.policy, self.calendar)
        pending = dl.pending_deadlines(claim, self.policy, self.calendar)
        c = claim.customer
        claim_id = str(claim.id)
        cipher = self.sealer.keys.cipher(claim_id)
        name, phone, email, summary = (self.sealer.seal(claim_id, value, cipher)
                                       for value in (c.name, c.phone, c.email, claim.summary))
        return (
            claim_id, claim.version, claim.status.value, claim.channel, claim.category,
            claim.priority.value, claim.assignee, c.id, name, phone, email, c.tier,
            json.dumps(list(c.vulnerable)), summary, json.dumps(claim.flags),
            claim.received_at, claim.first_response_at, claim.closed_at,
            deadlines["first_response"], deadlines["resolution"], deadlines["refund"],
            json.dumps([[name, due.isoformat()] for name, due in pending]),
            min((due for _, due in pending), default=None),
            claim.reopen_count, bool(claim.escalations), len(claim.handlers),
            claim.satisfaction.score if claim.satisfaction else None,
        )

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM work_queue")


def _canonical(value: Any) -> Any:
    """A policy value as JSON that is the same in every process."""
    if isinstance(value, (set, frozenset)):
        return sorted(str(v) for v in value)
    if isinstance(value, Mapping):
        return sorted([str(k), _canonical(v)] for k, v in value.items())
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value
