"""Assertion helpers: a refusal names its rule, and a refused command writes nothing."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from casemgmt.domain.errors import DomainError


@contextmanager
def refused(error: type[DomainError], rule: str):
    """Expect `error` carrying the stable rule code `rule`."""
    with pytest.raises(error) as caught:
        yield caught
    assert caught.value.rule == rule, caught.value.message


def stored_events(app, claim_id) -> list:
    """The claim's events as the database holds them now."""
    return list(app.events.get(claim_id))


def event_types(app, claim_id) -> list[str]:
    return [type(event).__name__ for event in stored_events(app, claim_id)]


def all_stored_bytes(app) -> list[bytes]:
    """The raw state of every stored event of every aggregate, in commit order."""
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    return [bytes(notification.state) for notification in notifications]


def raw_database_bytes(backend: str, settings, tmp_path) -> bytes:
    """Everything the database holds for this test, read around the event store's own code."""
    if backend == "sqlite":
        return b"".join(path.read_bytes() for path in sorted(tmp_path.glob("casemgmt.db*")))
    import psycopg

    schema = settings.eventsourcing_env()["POSTGRES_SCHEMA"]
    base_url = settings.database_url.split("?")[0]
    chunks = []
    with psycopg.connect(base_url) as conn:
        tables = conn.execute("SELECT table_name FROM information_schema.tables "
                              "WHERE table_schema = %s", (schema,)).fetchall()
        for (table,) in tables:
            for row in conn.execute(f'SELECT * FROM "{schema}"."{table}"'):
                chunks.extend(bytes(v) if isinstance(v, (bytes, memoryview)) else str(v).encode()
                              for v in row)
    return b"\n".join(chunks)
