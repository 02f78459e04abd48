"""casemgmt's own tables (views, keys, idempotency, access log), on the event store's pool.

One pool per process: `Database` borrows the connections of the library's datastore, so a
request checks out what it needs from one place, and a write of our own rows can join the
transaction that stores events (see event_store.py). Every driver error leaves this module
as one of the library's `PersistenceError`s, so the layers above know one family of errors;
the two dialects behind one cursor are sql.py's.
"""
from __future__ import annotations

import logging
import sqlite3
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator, Sequence

import psycopg
from eventsourcing.persistence import (
    DatabaseError, IntegrityError, InterfaceError, OperationalError, PersistenceError,
    ProgrammingError,
)
from psycopg.rows import tuple_row

from casemgmt.application.ports import Statement

from .sql import Cursor

log = logging.getLogger("casemgmt.database")

# Failures of the database rather than of our code: the request may be retried.
UNAVAILABLE = (OperationalError, InterfaceError)
POOL_CHECK_SECONDS = 3.0


class Database:
    """A gateway over the event store's datastore: `transaction()` yields a `Cursor`."""

    def __init__(self, datastore: Any, backend: str):
        self.datastore = datastore
        self.backend = backend
        self._stop = threading.Event()
        self._checker: threading.Thread | None = None
        self._open = threading.local()

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, write: bool = True) -> Iterator[Cursor]:
        joined = getattr(self._open, "cursor", None)
        if joined is not None:  # nested on this thread: join the transaction under way
            yield joined
            return
        with translated_errors(self.backend):
            opened = (self._postgres_transaction() if self.backend == "postgres"
                      else self._sqlite_transaction(write))
            with opened as cursor:
                self._open.cursor = cursor
                try:
                    yield cursor
                finally:
                    self._open.cursor = None

    @contextmanager
    def _postgres_transaction(self) -> Iterator[Cursor]:
        with self.datastore.get_connection() as conn, conn.transaction():
            with conn.cursor(row_factory=tuple_row) as cur:
                yield Cursor(cur, "postgres")

    @contextmanager
    def _sqlite_transaction(self, write: bool) -> Iterator[Cursor]:
        with self.datastore.get_connection(commit=write) as conn:
            raw = conn._sqlite_conn  # the library's wrapper would BEGIN DEFERRED
            # IMMEDIATE takes the write lock up front, so writers in two processes queue
            # instead of failing to upgrade a read lock.
            raw.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield Cursor(raw.cursor(), "sqlite")
            except BaseException:
                raw.execute("ROLLBACK")
                raise
            raw.execute("COMMIT")

    @contextmanager
    def exclusive(self, key: int) -> Iterator[None]:
        """Hold a PostgreSQL session advisory lock (SQLite: nothing to hold) for the block:
        for start-up DDL that would race when several processes start at once."""
        if self.backend != "postgres":
            yield
            return
        with translated_errors(self.backend), self.datastore.get_connection() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            try:
                yield
            finally:
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))

    def run_with(self, work: Any, *args: Any) -> None:
        """`work(cursor, *args)` in a write transaction of its own."""
        with self.transaction() as cur:
            work(cur, *args)

    def run(self, statements: Sequence[Statement]) -> None:
        """Run statements in a transaction of their own."""
        with self.transaction() as cur:
            execute_statements(cur, statements)

    def ping(self, timeout: float | None = None) -> None:
        """SELECT 1; on PostgreSQL within `timeout` seconds (two tries, the idle connections
        checked between them), so that a readiness probe answers in time when it is gone."""
        if self.backend != "postgres" or timeout is None:
            with self.transaction(write=False) as cur:
                cur.execute("SELECT 1")
                cur.fetchone()
            return
        deadline = time.monotonic() + timeout
        for attempt in (1, 2):
            try:
                with translated_errors(self.backend), self.datastore.pool.connection(
                        timeout=max(0.05, deadline - time.monotonic())) as conn:
                    conn.execute("SELECT 1")
                return
            except UNAVAILABLE:
                if attempt == 2 or time.monotonic() >= deadline:
                    raise
                self.check_pool()

    # -- pool health ---------------------------------------------------------------------

    def check_pool(self) -> None:
        """Replace broken idle connections (after an outage) without a ping per checkout."""
        pool = getattr(self.datastore, "pool", None)
        if self.backend == "postgres" and pool is not None:
            try:
                pool.check()
            except Exception as error:  # the next round tries again
                log.debug("pool check failed: %s", type(error).__name__)

    def check_pool_in_background(self, every: float = POOL_CHECK_SECONDS) -> None:
        if self.backend != "postgres" or self._checker is not None:
            return

        def loop() -> None:
            while not self._stop.wait(every):
                self.check_pool()

        self._checker = threading.Thread(target=loop, name="pool-check", daemon=True)
        self._checker.start()

    def close(self) -> None:
        self._stop.set()


@contextmanager
def translated_errors(backend: str) -> Iterator[None]:
    """Driver errors as the library's PersistenceError family (what the edge maps to 503)."""
    try:
        yield
    except PersistenceError:
        raise
    except (sqlite3.OperationalError, psycopg.OperationalError) as error:
        raise OperationalError(str(error)) from error
    except (sqlite3.IntegrityError, psycopg.IntegrityError) as error:
        raise IntegrityError(str(error)) from error
    except (sqlite3.InterfaceError, psycopg.InterfaceError) as error:
        raise InterfaceError(str(error)) from error
    except (sqlite3.ProgrammingError, psycopg.ProgrammingError) as error:
        raise ProgrammingError(str(error)) from error
    except (sqlite3.Error, psycopg.Error) as error:
        raise DatabaseError(str(error)) from error
    except Exception as error:
        if type(error).__module__.startswith("psycopg_pool"):  # PoolTimeout, PoolClosed
            raise OperationalError(str(error)) from error
        raise


def run_statements(raw_cursor: Any, backend: str, statements: Sequence[Statement]) -> None:
    """Run statements on a driver cursor of a transaction already open (the events' own)."""
    if not statements:
        return
    if backend == "postgres":
        cursor = Cursor(raw_cursor.connection.cursor(row_factory=tuple_row), backend)
    else:
        cursor = Cursor(getattr(raw_cursor, "sqlite_cursor", raw_cursor), backend)
    with translated_errors(backend):
        execute_statements(cursor, statements)


def execute_statements(cursor: Cursor, statements: Sequence[Statement]) -> None:
    for statement in statements:
        if statement.many:
            cursor.executemany(statement.sql, statement.params)
            continue
        cursor.execute(statement.sql, statement.params)
        if statement.expect_row and cursor.fetchone() is None:
            raise (statement.refusal or _refused)()


def _refused() -> Exception:
    return IntegrityError("a statement of the write found its row taken")
