"""The PII access log table: rows appended in one batch per response, read back by id.

The table refuses UPDATE and DELETE itself (migration 0003), so this module only inserts
and selects; nothing in casemgmt removes its rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Sequence

from casemgmt.domain.calendar import SEOUL

from .database import Database, parse_time

COLUMNS = ("id", "accessed_at", "staff_id", "staff_role", "method", "endpoint", "claim_id",
           "customer_id", "request_id")


@dataclass(frozen=True)
class Access:
    """One staff member shown one claim's personal data in one response."""

    accessed_at: datetime
    staff_id: str
    staff_role: str
    method: str
    endpoint: str
    claim_id: str
    customer_id: str | None
    request_id: str


@dataclass(frozen=True)
class AccessQuery:
    customer_id: str | None = None
    staff_id: str | None = None
    start: datetime | None = None   # inclusive
    end: datetime | None = None     # exclusive
    after_id: int = 0


class AccessLogStore:
    def __init__(self, db: Database):
        self.db = db

    def append(self, accesses: Sequence[Access]) -> None:
        if not accesses:
            return
        names = COLUMNS[1:]
        sql = (f"INSERT INTO pii_access_log ({', '.join(names)})"
               f" VALUES ({', '.join(['%s'] * len(names))})")
        with self.db.transaction() as cur:
            cur.executemany(sql, [[getattr(a, name) for name in names] for a in accesses])

    def page(self, query: AccessQuery, limit: int) -> list[dict[str, Any]]:
        """Rows after `query.after_id` in the order they were written, at most `limit`."""
        where, params = ["id > %s"], [query.after_id]
        for column, value in (("customer_id", query.customer_id), ("staff_id", query.staff_id)):
            if value is not None:
                where.append(f"{column} = %s")
                params.append(value)
        if query.start is not None:
            where.append("accessed_at >= %s")
            params.append(query.start)
        if query.end is not None:
            where.append("accessed_at < %s")
            params.append(query.end)
        sql = (f"SELECT {', '.join(COLUMNS)} FROM pii_access_log WHERE {' AND '.join(where)}"
               " ORDER BY id LIMIT %s")
        with self.db.transaction(write=False) as cur:
            cur.execute(sql, [*params, limit])
            rows = cur.fetchall()
        return [_row(dict(zip(COLUMNS, row))) for row in rows]


def _row(values: dict[str, Any]) -> dict[str, Any]:
    values["accessed_at"] = parse_time(values["accessed_at"]).astimezone(SEOUL)
    return values
