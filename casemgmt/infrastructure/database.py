"""Connections for casemgmt's own tables (read models, idempotency) on SQLite or PostgreSQL.

Statements are written once with ``%s`` placeholders; SQLite gets them as ``?``.
"""
from __future__ import annotations

import re
import sqlite3
import threading
from datetime import datetime, timezone
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

from casemgmt.config import Settings


class Database:
    """A thin, thread-safe gateway: `transaction()` yields a cursor-like object, commits on exit."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.backend = settings.backend
        self._pool = None
        self._lock = threading.Lock()
        if self.backend == "sqlite":
            self._sqlite_path = settings.eventsourcing_env()["SQLITE_DBNAME"]
            self._local = threading.local()
            self._sqlite_connections: list[sqlite3.Connection] = []

    # -- connections ---------------------------------------------------------------------

    def _postgres_pool(self):
        with self._lock:
            if self._pool is None:
                from psycopg_pool import ConnectionPool

                env = self.settings.eventsourcing_env()
                kwargs = dict(dbname=env["POSTGRES_DBNAME"], host=env["POSTGRES_HOST"],
                              port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"],
                              password=env["POSTGRES_PASSWORD"], connect_timeout=10)
                options = [f"-c lock_timeout={self.settings.lock_timeout_s * 1000}"]
                if "POSTGRES_SCHEMA" in env:
                    options.append(f"-c search_path={env['POSTGRES_SCHEMA']}")
                kwargs["options"] = " ".join(options)
                self._pool = ConnectionPool(kwargs=kwargs, min_size=1, max_size=10, open=True,
                                            check=ConnectionPool.check_connection)
            return self._pool

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Cursor]:
        if self.backend == "postgres":
            with self._postgres_pool().connection() as conn:
                with conn.transaction():
                    with conn.cursor() as cur:
                        yield Cursor(cur, "postgres")
            return
        conn = self._sqlite_connection()
        if conn.in_transaction:  # nested on this thread: join the transaction under way
            yield Cursor(conn.cursor(), "sqlite")
            return
        # IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking.
        conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield Cursor(conn.cursor(), "sqlite")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _sqlite_connection(self) -> sqlite3.Connection:
        """One connection per thread, kept open: opening one per transaction costs ~1 ms."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._sqlite_path, timeout=self.settings.lock_timeout_s,
                                   isolation_level=None)
            conn.execute("PRAGMA busy_timeout = %d" % (self.settings.lock_timeout_s * 1000))
            # The event store keeps the file in WAL mode; there NORMAL is crash-safe and our
            # commits stay in order with the event store's (one log), without an fsync each.
            conn.execute("PRAGMA synchronous = NORMAL")
            self._local.conn = conn
            with self._lock:
                self._sqlite_connections.append(conn)
        return conn

    @contextmanager
    def exclusive(self, key: int) -> Iterator[None]:
        """Hold a PostgreSQL session advisory lock (SQLite: nothing to hold) for the block:
        for start-up DDL that would race when several processes start at once."""
        if self.backend != "postgres":
            yield
            return
        with self._postgres_pool().connection() as conn:
            conn.autocommit = True
            conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def ping(self) -> None:
        with self.transaction(write=False) as cur:
            cur.execute("SELECT 1")
            cur.fetchone()

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
            for conn in getattr(self, "_sqlite_connections", []):
                try:
                    conn.close()
                except sqlite3.ProgrammingError:  # made in a thread that has ended
                    pass
            if self.backend == "sqlite":
                self._sqlite_connections.clear()
                self._local = threading.local()


_PLACEHOLDER = re.compile(r"%s")


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

    def executescript(self, sql: str) -> None:
        if self.backend == "sqlite":
            for statement in split_statements(sql):
                self._cursor.execute(statement)
        else:
            self._cursor.execute(sql)

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone()

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall()

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
