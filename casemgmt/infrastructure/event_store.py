"""The event store's storage: the library's recorders, with our writes in their transaction.

A command's events and the rows that must exist exactly when they do (the claim's new data
key, the Idempotency-Key's answer, the PII access-log rows of the response) are written in
ONE transaction: the library passes the keyword arguments of `Application.save(...)` down
to `_insert_events(cursor, ...)`, where these recorders run the statements they were given
before the events' own INSERT.

The library's recorders retry a failed statement ten times with pauses; against a database
that is gone that turned one request into a minute and a half. Here a call is tried twice
(a broken pooled connection is replaced on the second try) and then fails, fast, so the
edge answers 503 and the client retries. A wait for a pooled connection that timed out is
not tried again: the pool has waited its full timeout already, and a second wait would only
double the time to the 503. The snapshot store's recorder (the library's aggregate recorder,
which the library's factory makes) gets the same two tries through our factory subclasses.
"""
from __future__ import annotations

import functools
import time
from typing import Any, Callable, Sequence

from eventsourcing.persistence import (
    InfrastructureFactory, IntegrityError, InterfaceError, OperationalError,
)
from eventsourcing.postgres import (
    PostgresAggregateRecorder, PostgresApplicationRecorder, PostgresFactory,
)
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteApplicationRecorder, SQLiteFactory
from eventsourcing.utils import Environment
from psycopg_pool import PoolTimeout

from .database import run_statements
from .shredding import securely_deleting

RETRYABLE = (InterfaceError, OperationalError)
RETRY_WAIT_SECONDS = 0.05
STATEMENTS = "statements"  # the keyword of Application.save() that carries them


def _two_tries(method: Callable) -> Callable:
    @functools.wraps(method)
    def tried(recorder: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(recorder, *args, **kwargs)
        except RETRYABLE as error:
            if _pool_timed_out(error):
                raise
            # After an outage every idle connection is broken: test them all now, so the
            # second try gets a working one (or a new one) rather than the next broken one.
            _check_idle_connections(recorder)
            time.sleep(RETRY_WAIT_SECONDS)
        return method(recorder, *args, **kwargs)
    return tried


def _check_idle_connections(recorder: Any) -> None:
    pool = getattr(getattr(recorder, "datastore", None), "pool", None)
    if pool is not None and hasattr(pool, "check"):
        try:
            pool.check()
        except Exception:  # the second try reports what is wrong
            pass


def _pool_timed_out(error: BaseException) -> bool:
    while error is not None:
        if isinstance(error, PoolTimeout):
            return True
        error = error.__cause__
    return False


class _TwoTriesAggregate:
    """Replaces the library's ten retries of an aggregate recorder's reads and writes (the
    snapshot store's) with two tries."""

    def _unretried(self, name: str, *args: Any, **kwargs: Any) -> Any:
        method = getattr(super(_TwoTriesAggregate, self), name).__func__
        return getattr(method, "__wrapped__", method)(self, *args, **kwargs)

    def insert_events(self, stored_events, **kwargs):
        try:
            return self._unretried("insert_events", stored_events, **kwargs)
        except RETRYABLE as first:
            if _pool_timed_out(first):
                raise
            _check_idle_connections(self)
            time.sleep(RETRY_WAIT_SECONDS)
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


class _TwoTries(_TwoTriesAggregate):
    """The same for the application recorder's notification log."""

    @_two_tries
    def select_notifications(self, *args, **kwargs):
        return self._unretried("select_notifications", *args, **kwargs)

    @_two_tries
    def max_notification_id(self):
        return self._unretried("max_notification_id")


class PostgresSnapshotRecorder(_TwoTriesAggregate, PostgresAggregateRecorder):
    pass


class SQLiteSnapshotRecorder(_TwoTriesAggregate, SQLiteAggregateRecorder):
    pass


class PostgresClaimRecorder(_TwoTries, PostgresApplicationRecorder):
    def _insert_events(self, curs: Any, stored_events: Sequence[Any], **kwargs: Any) -> None:
        # First, so that a second try of a commit whose answer was lost meets its own
        # Idempotency-Key record and replays the stored answer at once.
        run_statements(curs, "postgres", [s for s in _statements(kwargs) if not s.may_fail])
        super()._insert_events(curs, stored_events, **kwargs)

    def _insert_stored_events(self, curs: Any, stored_events: Sequence[Any],
                              **kwargs: Any) -> None:
        super()._insert_stored_events(curs, stored_events, **kwargs)
        # Statements the database may refuse (an order's payment number taken) go after the
        # library's: in pipeline mode a failed statement aborts what follows it, and psycopg
        # would then take statements it was preparing for the first time as prepared
        # ("prepared statement does not exist" on the connection's next use).
        run_statements(curs, "postgres", [s for s in _statements(kwargs) if s.may_fail])


class SQLiteClaimRecorder(_TwoTries, SQLiteApplicationRecorder):
    def _insert_events(self, c: Any, stored_events: Sequence[Any],
                       **kwargs: Any) -> Sequence[int] | None:
        run_statements(c, "sqlite", _statements(kwargs))
        return super()._insert_events(c, stored_events, **kwargs)


def _statements(kwargs: dict[str, Any]) -> list:
    return list(kwargs.get(STATEMENTS) or ())


RECORDERS = {"postgres": PostgresClaimRecorder, "sqlite": SQLiteClaimRecorder}


class PostgresStorage(PostgresFactory):
    aggregate_recorder_class = PostgresSnapshotRecorder


class SQLiteStorage(SQLiteFactory):
    aggregate_recorder_class = SQLiteSnapshotRecorder


FACTORIES = {"postgres": PostgresStorage, "sqlite": SQLiteStorage}


def storage_factory(env: dict[str, str], backend: str) -> InfrastructureFactory:
    """The library's infrastructure factory, with our recorder class for the backend."""
    recorder = RECORDERS[backend]
    factory_class = FACTORIES[backend]
    env = {**env, "APPLICATION_RECORDER_TOPIC": f"{recorder.__module__}:{recorder.__name__}",
           "PERSISTENCE_MODULE": f"{factory_class.__module__}:{factory_class.__name__}",
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
    bounded, so a stuck database fails a request rather than piling up more; a database that
    comes back is used at once."""
    options = [f"-c lock_timeout={int(env['POSTGRES_LOCK_TIMEOUT']) * 1000}"]
    if env.get("POSTGRES_SCHEMA"):
        options.append(f"-c search_path={env['POSTGRES_SCHEMA']}")
    pool.kwargs["options"] = " ".join(options)
    pool.kwargs["connect_timeout"] = env["POSTGRES_CONNECT_TIMEOUT"]
    # A connection that cannot be made is tried once more at once, then given up; the next
    # request that needs one makes it again. psycopg_pool's default retries in the background
    # with pauses doubling for up to 5 minutes, so the first requests after the database came
    # back still timed out waiting for a connection that was scheduled seconds later.
    pool.reconnect_timeout = 0
