"""The read models as the application and the edges see them: queries, and one freshness gate.

Every reader goes through `fresh(...)` first, so how fresh a read is gets decided in one
place: a view answers once it has applied every event stored when the read began (and any
later position the client names), waiting at most a short bound. The wait is targeted:
the request never runs the runner when one runs in the background (runner.py).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterable

from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sql import parse_time

from . import queue_query
from .audit_trail import TrailEntry, recorded_trail, version_as_of
from .authority_ledger import granted_in_month, ledger_of_month
from .runner import ProjectionRunner
from .voc import voc_statistics

FRESHNESS_TIMEOUT = 2.0


class ReadModels:
    def __init__(self, db: Database, runner: ProjectionRunner, *, customers: Any = None,
                 staff: Any = None):
        self.db = db
        self.runner = runner
        self.customers = customers  # customer_directory.py: look-up and the customer 360
        self.staff = staff          # staff_listing.py: the staff list

    # -- freshness -----------------------------------------------------------------------

    def fresh(self, position: int = 0, *, timeout: float = FRESHNESS_TIMEOUT) -> bool:
        """Wait until the views reach every event stored so far and `position`; True if so."""
        head = self.runner.app.recorder.max_notification_id() or 0
        return self.runner.wait_for(max(head, position), timeout)

    fresh_to_head = fresh

    def lag(self) -> dict[str, int]:
        return self.runner.lag()

    # -- the work queue ------------------------------------------------------------------

    def queue_page(self, filters: dict[str, Any], *, now: datetime, limit: int,
                   after: tuple[datetime, str] | None = None):
        return queue_query.page(self.db, filters, now=now, limit=limit, after=after)

    def queue_count(self, filters: dict[str, Any], *, now: datetime) -> int:
        return queue_query.count(self.db, filters, now=now)

    def customer_ids(self, claim_ids: list[str]) -> dict[str, str]:
        return queue_query.customer_ids(self.db, claim_ids)

    def claims_due_before(self, moment: datetime) -> list[str]:
        """Claims with a deadline not yet met that falls before `moment`, soonest first."""
        return self._claim_ids("SELECT claim_id FROM work_queue WHERE next_due_at < %s"
                               " ORDER BY next_due_at", (moment,))

    def closed_without_satisfaction(self, closed_before: datetime, *, limit: int,
                                    after: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT claim_id, customer_id, customer_name, customer_phone, assignee, closed_at"
               " FROM work_queue WHERE status = 'closed' AND satisfaction_score IS NULL"
               " AND closed_at <= %s" + (" AND claim_id > %s" if after else "")
               + " ORDER BY claim_id LIMIT %s")
        params = [closed_before] + ([after] if after else []) + [limit]
        with self.db.transaction(write=False) as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        names = ("claim_id", "customer_id", "customer_name", "customer_phone", "assignee",
                 "closed_at")
        return [{**dict(zip(names, row)), "closed_at": parse_time(row[5])} for row in rows]

    def closed_between(self, start: datetime, end: datetime) -> list[str]:
        # Oldest closure first: on a tie the customer's earlier claim is kept, on any backend.
        return self._claim_ids("SELECT claim_id FROM work_queue WHERE status = 'closed'"
                               " AND closed_at >= %s AND closed_at < %s"
                               " ORDER BY closed_at, claim_id", (start, end))

    def closed_before(self, cutoff: datetime) -> list[str]:
        return self._claim_ids("SELECT claim_id FROM work_queue WHERE status = 'closed'"
                               " AND closed_at < %s", (cutoff,))

    def refresh_rows(self, claims: Iterable[Any]) -> None:
        """Rewrite claims' work-queue rows now (after their personal data was destroyed)."""
        view = next(v for v in self.runner.views if v.name == "work_queue")
        rows = [view.row(claim) for claim in claims]
        with self.db.transaction() as cur:
            view.upsert(cur, rows)

    def forget_folded(self, claim_ids: list[str]) -> None:
        self.runner.forget(claim_ids)

    # -- audit, statistics, authority ----------------------------------------------------

    def trail(self, claim_id: str) -> list[TrailEntry]:
        return recorded_trail(self.db, claim_id)

    def version_as_of(self, claim_id: str, moment: datetime) -> tuple[int | None, int | None]:
        return version_as_of(self.db, claim_id, moment)

    def voc(self, start: datetime, end: datetime) -> dict[str, Any]:
        return voc_statistics(self.db, start, end)

    def granted_in_month(self, staff_id: str, month: str) -> tuple[int, int]:
        return granted_in_month(self.db, staff_id, month)

    def ledger_of_month(self, month: str) -> dict[str, tuple[int, int]]:
        return ledger_of_month(self.db, month)

    def _claim_ids(self, sql: str, params: tuple) -> list[str]:
        with self.db.transaction(write=False) as cur:
            cur.execute(sql, params)
            return [row[0] for row in cur.fetchall()]
