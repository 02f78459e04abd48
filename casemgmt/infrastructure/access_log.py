"""The PII access log table: rows appended in one batch per response, read back by id.

The table refuses UPDATE and DELETE itself (migration 0003), so this module only inserts
and selects; nothing in casemgmt removes its rows.
"""
from __future__ import annotations

from typing import Any, Sequence

from casemgmt.application.ports import Access, AccessQuery, Statement
from casemgmt.domain.calendar import SEOUL

from .database import Database, parse_time

COLUMNS = ("id", "accessed_at", "staff_id", "staff_role", "method", "endpoint", "claim_id",
           "customer_id", "request_id", "client_ip", "outcome")


class AccessLogStore:
    def __init__(self, db: Database):
        self.db = db

    def rows(self, accesses: Sequence[Access]) -> Statement:
        """The rows as one statement, for a transaction already open (a command's)."""
        names = COLUMNS[1:]
        sql = (f"INSERT INTO pii_access_log ({', '.join(names)})"
               f" VALUES ({', '.join(['%s'] * len(names))})")
        return Statement(sql, [[getattr(a, name) for name in names] for a in accesses],
                         many=True)

    def append(self, accesses: Sequence[Access]) -> None:
        if not accesses:
            return
        statement = self.rows(accesses)
        with self.db.transaction() as cur:
            cur.executemany(statement.sql, statement.params)

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
