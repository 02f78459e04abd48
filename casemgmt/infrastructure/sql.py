"""One cursor for both backends: statements are written once with ``%s`` placeholders (SQLite
gets them as ``?``), times go to SQLite as fixed-width UTC text and come back as aware
datetimes, rows come back as tuples, and many rows go in as each backend takes them fastest."""
from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, Sequence

_PLACEHOLDER = re.compile(r"%s")
COPY_FROM_ROWS = 25  # measured here: COPY wins from ~20 rows, loses ~0.1 ms below
_INSERT_HEAD = re.compile(r"INSERT INTO (?P<table>\w+) \((?P<columns>[\w,\s]+)\)",
                          re.IGNORECASE)


class Cursor:
    """Hides the placeholder difference; rows come back as tuples on both backends."""

    def __init__(self, cursor: Any, backend: str):
        self._cursor = cursor
        self.backend = backend

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        if self.backend == "sqlite":
            sql = _PLACEHOLDER.sub("?", sql)
            params = [sqlite_value(p) for p in params]
        self._cursor.execute(sql, tuple(params))
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.backend == "sqlite":
            sql = _PLACEHOLDER.sub("?", sql)
            rows = [[sqlite_value(p) for p in row] for row in rows]
        self._cursor.executemany(sql, rows)

    def insert_rows(self, head: str, rows: Sequence[Sequence[Any]], tail: str = "",
                    chunk: int = 500) -> None:
        """`head` (an INSERT INTO table (columns)) for many rows, `tail` (ON CONFLICT ...) after
        each: what a view's batch costs is mostly what it pays per row and per statement.

        SQLite: one multi-row VALUES statement per `chunk` rows. PostgreSQL: a plain insert of
        many rows is a COPY, anything else one prepared statement sent for every row in a
        pipeline (cheaper than a COPY's extra round trip below a few dozen rows); a long
        multi-row VALUES would be parsed anew by the driver each time (it caches only short
        statements), and that parsing cost more than the rows."""
        if not rows:
            return
        if self.backend == "postgres":
            if not tail and len(rows) >= COPY_FROM_ROWS:
                match = _INSERT_HEAD.fullmatch(head.strip())
                if match is None:
                    raise ValueError(f"not an INSERT INTO table (columns): {head!r}")
                with self._cursor.copy(f"COPY {match['table']} ({match['columns']})"
                                       " FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            one = "(" + ", ".join(["%s"] * len(rows[0])) + ")"
            self._cursor.executemany(f"{head} VALUES {one}{tail}", rows)
            return
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            one = "(" + ", ".join(["%s"] * len(part[0])) + ")"
            self.execute(f"{head} VALUES {', '.join([one] * len(part))}{tail}",
                         [value for row in part for value in row])

    def one_of(self, column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
        """`column` equal to one of `values`, as SQL and its parameters. On PostgreSQL one array
        parameter (`= ANY`), so the statement is the same for every count and stays prepared;
        the driver re-parses a long IN list each time it is sent."""
        if self.backend == "postgres":
            return f"{column} = ANY(%s)", [list(values)]
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    def executescript(self, sql: str) -> None:
        if self.backend == "sqlite":
            for statement in split_statements(sql):
                self._cursor.execute(statement)
        else:
            self._cursor.execute(sql)

    def fetchone(self) -> tuple | None:
        row = self._cursor.fetchone()
        return tuple(row) if row is not None else None

    def fetchall(self) -> list[tuple]:
        return [tuple(row) for row in self._cursor.fetchall()]

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount


def sqlite_value(value: Any) -> Any:
    """Times as UTC text of one fixed width, so SQLite compares them in time order."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")
    if isinstance(value, bool):
        return int(value)
    return value


def parse_time(value: Any) -> datetime | None:
    """A time read back from either backend, as an aware datetime."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def split_statements(sql: str) -> list[str]:
    """Split a migration file on semicolons at line ends (our files keep to that form)."""
    parts = re.split(r";\s*(?:\n|$)", sql)
    return [part.strip() for part in parts if part.strip() and not _only_comments(part)]


def _only_comments(part: str) -> bool:
    return all(not line.strip() or line.strip().startswith("--") for line in part.splitlines())
