"""The event store's storage: the library's recorders, with our writes in their transaction.

A command's events and the rows that must exist exactly when they do (the claim's new data
key, the Idempotency-Key's answer, the PII access-log rows of the response) are written in
ONE transaction: the library passes the keyword arguments of `Application.save(...)` down
to `_insert_events(cursor, ...)`, where these recorders run the statements they were given
before the events' own INSERT.

The library's recorders retry a failed statement ten times with pauses; against a database
that is gone that turned one request into a minute and a half. Here a call is tried twice
(a broken pooled connection is replaced on the second try) and then fails, fast, so the
edge answers 503 and the client retries. A second try of an insert that finds its own rows
means the first committed before its answer was lost: that is answered 503 too, not 409.
"""
from __future__ import annotations

import time
from typing import Any, Sequence

from eventsourcing.persistence import (
    InfrastructureFactory, IntegrityError, InterfaceError, OperationalError,
)
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import Environment, retry

from .database import run_statements
from .shredding import securely_deleting

RETRYABLE = (InterfaceError, OperationalError)
RETRY_WAIT = 0.05
_two_tries = retry(RETRYABLE, max_attempts=2, wait=RETRY_WAIT)

STATEMENTS = "statements"  # the keyword of Application.save() that carries them


class _TwoTries:
    """Replaces the library's ten retries of reads and writes with two tries."""

    def _unretried(self, name: str, *args: Any, **kwargs: Any) -> Any:
        method = getattr(super(), name).__func__
        return getattr(method, "__wrapped__", method)(self, *args, **kwargs)

    def insert_events(self, stored_events, **kwargs):
        try:
            return self._unretried("insert_events", stored_events, **kwargs)
        except RETRYABLE as first:
            time.sleep(RETRY_WAIT)  # the pool replaces a broken connection meanwhile
            try:
                return self._unretried("insert_events", stored_events, **kwargs)
            except IntegrityError:
                # The first try may have committed and only its answer was lost (a crash at
                # COMMIT): the second then finds its own rows. Not a conflict but the outage
                # it was — 503, and a retry with the Idempotency-Key replays the answer.
                raise first from None

    @_two_tries
    def select_events(self, *args, **kwargs):
        return self._unretried("select_events", *args, **kwargs)

    @_two_tries
    def select_notifications(self, *args, **kwargs):
        return self._unretried("select_notifications", *args, **kwargs)

    @_two_tries
    def max_notification_id(self):
        return self._unretried("max_notification_id")


class PostgresClaimRecorder(_TwoTries, PostgresApplicationRecorder):
    def _insert_events(self, curs: Any, stored_events: Sequence[Any], **kwargs: Any) -> None:
        run_statements(curs, "postgres", kwargs.get(STATEMENTS) or ())
        super()._insert_events(curs, stored_events, **kwargs)


class SQLiteClaimRecorder(_TwoTries, SQLiteApplicationRecorder):
    def _insert_events(self, c: Any, stored_events: Sequence[Any],
                       **kwargs: Any) -> Sequence[int] | None:
        run_statements(c, "sqlite", kwargs.get(STATEMENTS) or ())
        return super()._insert_events(c, stored_events, **kwargs)


RECORDERS = {"postgres": PostgresClaimRecorder, "sqlite": SQLiteClaimRecorder}


def storage_factory(env: dict[str, str], backend: str) -> InfrastructureFactory:
    """The library's infrastructure factory, with our recorder class for the backend."""
    recorder = RECORDERS[backend]
    env = {**env, "APPLICATION_RECORDER_TOPIC": f"{recorder.__module__}:{recorder.__name__}",
           "IS_SNAPSHOTTING_ENABLED": "y"}
    factory = InfrastructureFactory.construct(Environment("casemgmt", env))
    if backend == "postgres":
        _configure_connections(factory.datastore.pool, env)
    else:
        securely_deleting(factory.datastore)  # so that shredding shreds (shredding.py)
    return factory


def _configure_connections(pool: Any, env: dict[str, str]) -> None:
    """Session settings of every pooled connection (opened lazily, so not opened yet): our
    own tables live in the configured schema too; waiting for a lock or a connection is
    bounded, so a stuck database fails a request rather than piling up more."""
    options = [f"-c lock_timeout={int(env['POSTGRES_LOCK_TIMEOUT']) * 1000}"]
    if env.get("POSTGRES_SCHEMA"):
        options.append(f"-c search_path={env['POSTGRES_SCHEMA']}")
    pool.kwargs["options"] = " ".join(options)
    pool.kwargs["connect_timeout"] = env["POSTGRES_CONNECT_TIMEOUT"]
