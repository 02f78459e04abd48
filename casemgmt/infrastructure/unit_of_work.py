"""Statements that must commit with a command's events, or not at all (a minimal unit of work).

`app.save(claim, extra_statements=[(sql, params), ...])` runs each statement in the very
transaction that inserts the events: eventsourcing passes save()'s keyword arguments down to
its recorder's insert methods, and these recorders, chosen through the library's
APPLICATION_RECORDER_TOPIC setting, run the statements there (on SQLite before the events, on
PostgreSQL after them, under the library's table lock).
A statement that fails (a unique key taken by a concurrent command) rolls the events back
too, and the save raises the library's IntegrityError.

A seam for the lead's unit-of-work hook: replace the recorders, keep the keyword.
"""
from __future__ import annotations

from typing import Any, Sequence

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier

from .database import Cursor

EXTRA_STATEMENTS = "extra_statements"
Statement = tuple[str, Sequence[Any]]


class SQLiteUnitOfWorkRecorder(SQLiteApplicationRecorder):
    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> Sequence[int] | None:
        _run(Cursor(c, "sqlite"), kwargs.get(EXTRA_STATEMENTS))
        return super()._insert_events(c, stored_events, **kwargs)


class PostgresUnitOfWorkRecorder(PostgresApplicationRecorder):
    def insert_events(self, stored_events: Sequence[StoredEvent],
                      **kwargs: Any) -> Sequence[int] | None:
        if kwargs.get(EXTRA_STATEMENTS) and self.datastore.enable_db_functions:
            # The library's stored-function path has no cursor for us: refuse, never drop them.
            raise RuntimeError("extra statements need POSTGRES_ENABLE_DB_FUNCTIONS off")
        return super().insert_events(stored_events, **kwargs)

    def _insert_stored_events(self, curs: Any, stored_events: Sequence[StoredEvent],
                              **kwargs: Any) -> None:
        super()._insert_stored_events(curs, stored_events, **kwargs)
        statements = kwargs.get(EXTRA_STATEMENTS)
        if not statements:
            return
        # After the library's statements (table lock included), not before: in pipeline mode
        # a failure aborts what follows it, and psycopg would then believe statements it was
        # preparing for the first time were prepared ("prepared statement does not exist"
        # on the connection's next use). Another cursor: the library reads the ids off its own.
        with curs.connection.cursor() as extra:
            # The library names its tables with their schema; ours are found on the path, as
            # casemgmt's own connections find them (infrastructure/database.py).
            extra.execute(SQL("SET LOCAL search_path TO {}").format(
                Identifier(self.datastore.schema)))
            _run(Cursor(extra, "postgres"), statements)


def _run(cur: Cursor, statements: Sequence[Statement] | None) -> None:
    for sql, params in statements or ():
        cur.execute(sql, params)


def recorder_topic(backend: str) -> str:
    """The APPLICATION_RECORDER_TOPIC for a backend ("sqlite" or "postgres")."""
    cls = SQLiteUnitOfWorkRecorder if backend == "sqlite" else PostgresUnitOfWorkRecorder
    return f"{cls.__module__}:{cls.__qualname__}"
