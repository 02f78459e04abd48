"""The PII access log table: rows appended in one batch per response, read back by id.

The table refuses UPDATE and DELETE itself (migration 0003), so this module only inserts
and selects; nothing in casemgmt removes its rows.
"""
from __future__ import annotations

from typing import Any, Sequence

from casemgmt.application.ports import Access, AccessQuery, Statement
from casemgmt.domain.calendar import SEOUL

from .database import Database
from .sql import parse_time

COLUMNS = ("id", "accessed_at", "staff_id", "staff_role", "method", "endpoint", "claim_id",
           "customer_id", "request_id", "client_ip", "outcome")
_WRITTEN = COLUMNS[1:]  # the id is the table's own
_INSERT = f"INSERT INTO pii_access_log ({', '.join(_WRITTEN)})"


class AccessLogStore:
    def __init__(self, db: Database):
        self.db = db

    def rows(self, accesses: Sequence[Access]) -> Statement:
        """The rows as one statement, for a transaction already open (a command's)."""
        return Statement(f"{_INSERT} VALUES ({', '.join(['%s'] * len(_WRITTEN))})",
                         _values(accesses), many=True)

    def append(self, accesses: Sequence[Access]) -> None:
        if not accesses:
            return
        with self.db.transaction() as cur:
            cur.insert_rows(_INSERT, _values(accesses))  # a COPY on PostgreSQL

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


def _values(accesses: Sequence[Access]) -> list[list[Any]]:
    return [[getattr(access, name) for name in _WRITTEN] for access in accesses]


def _row(values: dict[str, Any]) -> dict[str, Any]:
    values["accessed_at"] = parse_time(values["accessed_at"]).astimezone(SEOUL)
    return values
