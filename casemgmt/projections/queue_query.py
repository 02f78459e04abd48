"""Reading the work queue: filters on indexed columns, keyset pages in (received_at, id) order."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casemgmt.domain.calendar import SEOUL
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sql import parse_time

from .keyset import RECEIVED, keyset_query
from .work_queue import COLUMNS

EQUALITY_FILTERS = ("status", "category", "channel", "assignee", "customer_id")


@dataclass(frozen=True)
class QueueRow:
    values: dict[str, Any]

    def overdue(self, now: datetime) -> list[str]:
        return [name for name, due in json.loads(self.values["pending_deadlines"])
                if now > datetime.fromisoformat(due)]


def page(db: Database, filters: dict[str, Any], *, now: datetime, limit: int,
         after: tuple[datetime, str] | None = None) -> tuple[list[QueueRow], tuple | None]:
    where, params = _conditions(filters, now)
    sql, params = keyset_query(f"SELECT {', '.join(COLUMNS)} FROM work_queue", where, params,
                               key=RECEIVED, after=after, limit=limit + 1)
    with db.transaction(write=False) as cur:
        cur.execute(sql, params)
        fetched = cur.fetchall()
    rows = [QueueRow(_typed(dict(zip(COLUMNS, r)))) for r in fetched[:limit]]
    more = len(fetched) > limit
    last = rows[-1].values if rows and more else None
    return rows, ((last["received_at"], last["claim_id"]) if last else None)


def count(db: Database, filters: dict[str, Any], *, now: datetime) -> int:
    """How many claims the filters select (the workspace's "waiting for me" figures)."""
    where, params = _conditions(filters, now)
    sql = "SELECT COUNT(*) FROM work_queue" + (f" WHERE {' AND '.join(where)}" if where else "")
    with db.transaction(write=False) as cur:
        cur.execute(sql, params)
        return int(cur.fetchone()[0])


def _conditions(filters: dict[str, Any], now: datetime) -> tuple[list[str], list[Any]]:
    where, params = [], []
    for name in EQUALITY_FILTERS:
        if name in filters:
            where.append(f"{name} = %s")
            params.append(filters[name])
    if filters.get("overdue") is True:
        where.append("next_due_at < %s")
        params.append(now)
    elif filters.get("overdue") is False:
        where.append("(next_due_at IS NULL OR next_due_at >= %s)")
        params.append(now)
    if "received_from" in filters:
        where.append("received_at >= %s")
        params.append(filters["received_from"])
    if "received_to" in filters:
        where.append("received_at < %s")
        params.append(filters["received_to"])
    # Two filters of the workspace (not taken by GET /claims): nobody's claims, and not closed.
    if filters.get("unassigned") is True:
        where.append("assignee IS NULL")
    if filters.get("open") is True:
        where.append("closed_at IS NULL")
    return where, params


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    for name in ("received_at", "first_response_at", "closed_at", "first_response_due",
                 "resolution_due", "refund_due", "next_due_at"):
        moment = parse_time(values[name])
        values[name] = moment.astimezone(SEOUL) if moment else None
    values["escalated"] = bool(values["escalated"])
    return values


def customer_ids(db: Database, claim_ids: list[str]) -> dict[str, str]:
    """claim id → customer id, for those of the claims the view holds."""
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    with db.transaction(write=False) as cur:
        where, params = cur.one_of("claim_id", ids)
        cur.execute(f"SELECT claim_id, customer_id FROM work_queue WHERE {where}", params)
        return dict(cur.fetchall())
