"""Helpers of the projection tests: dumping the view tables, and reaching the event store raw."""
from __future__ import annotations

import hashlib
import sqlite3
from collections import Counter
from contextlib import contextmanager
from typing import Any, Callable, Iterator
from uuid import UUID

import psycopg

from casemgmt.application import Casemgmt
from casemgmt.application.clock import FixedClock
from casemgmt.bootstrap import Services
from casemgmt.config import Settings
from casemgmt.infrastructure.database import Database
from casemgmt.projections.base import CLAIM_TOPIC_PREFIX
from tests.builders import Team
from tests.databases import POSTGRES_URL

from .scenarios import a_busy_week

#: Every view table with the columns that identify a row (the dump's sort order).
SEALED = "pii:"  # how a sealed value starts

VIEW_TABLES = {
    "work_queue": "claim_id",
    "audit_trail": "claim_id, version",
    "authority_grants": "claim_id, decision_id",
}


def dump_views(services: Services) -> dict[str, list[tuple]]:
    """All rows of every view table, sorted, as the database holds them.

    Personal data the work queue holds sealed (with a random nonce, so never the same bytes
    twice) is compared unsealed.
    """
    dumped = {}
    with services.db.transaction(write=False) as cur:
        for table, key in VIEW_TABLES.items():
            cur.execute(f"SELECT * FROM {table} ORDER BY {key}")
            dumped[table] = [tuple(row) for row in cur.fetchall()]
    sealer = getattr(services.casemgmt, "sealer", None)
    if sealer is not None:
        dumped["work_queue"] = [
            tuple(sealer.unseal(row[0], v) if isinstance(v, str) and v.startswith(SEALED) else v
                  for v in row) for row in dumped["work_queue"]]
    return dumped


def views_after_a_busy_week(services: Services, team: Team, clock: FixedClock,
                            dump: Callable[[Services], dict[str, list[tuple]]] = dump_views
                            ) -> dict[str, list[tuple]]:
    """The views as `dump` reads them once a busy week (scenarios.py) is caught up: no table
    empty."""
    a_busy_week(services.casemgmt, team, clock)
    services.projections.catch_up()
    dumped = dump(services)
    assert all(dumped.values()), {table: len(rows) for table, rows in dumped.items()}
    return dumped


def stored_claim_events(app: Casemgmt, since: int = 0) -> list[tuple[str, int, int]]:
    """(claim id, version, notification id) of every claim event stored after position `since`,
    in log order."""
    notifications = app.recorder.select_notifications(start=since + 1, limit=10**9)
    return [(str(n.originator_id), n.originator_version, n.id) for n in notifications
            if n.topic.startswith(CLAIM_TOPIC_PREFIX)]


def documented_hash(prev_hash: str, claim_id: str, version: int, topic: str,
                    state: bytes) -> str:
    """The audit trail's hash as documented, written out independently of casemgmt's code:
    SHA-256 over the previous hash, the claim id, the version and the topic, each followed by
    the unit separator 0x1F, then the stored bytes."""
    text = "".join(f"{part}\x1f" for part in (prev_hash, claim_id, str(version), topic))
    return hashlib.sha256(text.encode("utf-8") + state).hexdigest()


def audit_trail_keys(db: Database, claim_ids: list[str] | None = None) -> list[tuple[str, int]]:
    """(claim id, version) of every audit-trail row (of these claims, when given)."""
    query, params = "SELECT claim_id, version FROM audit_trail", ()
    if claim_ids is not None:
        query += f" WHERE claim_id IN ({', '.join(['%s'] * len(claim_ids))})"
        params = tuple(claim_ids)
    with db.transaction(write=False) as cur:
        cur.execute(query, params)
        return [(str(claim_id), int(version)) for claim_id, version in cur.fetchall()]


def duplicates(items) -> list:
    return [item for item, count in Counter(items).items() if count > 1]


# -- the event store, bypassing the application ------------------------------------------------

@contextmanager
def event_store(settings: Settings) -> Iterator[tuple[Any, str, str]]:
    """(connection, events table, placeholder) of the library's own table, committed on exit.

    SQLite: ``stored_events``, ids as 32 hex digits. PostgreSQL: ``<schema>.casemgmt_events``
    (the library names it after the application), ids as uuid.
    """
    env = settings.eventsourcing_env()
    if settings.backend == "sqlite":
        conn = sqlite3.connect(env["SQLITE_DBNAME"], timeout=10)
        try:
            yield conn, "stored_events", "?"
            conn.commit()
        finally:
            conn.close()
        return
    with psycopg.connect(POSTGRES_URL) as conn:  # commits on a clean exit
        yield conn, f'"{env["POSTGRES_SCHEMA"]}".casemgmt_events', "%s"


def _stored_id(settings: Settings, claim_id: str) -> Any:
    uuid = UUID(str(claim_id))
    return uuid.hex if settings.backend == "sqlite" else uuid


def read_stored_state(settings: Settings, claim_id: str, version: int) -> bytes:
    with event_store(settings) as (conn, table, p):
        row = conn.execute(f"SELECT state FROM {table} WHERE originator_id = {p}"
                           f" AND originator_version = {p}",
                           (_stored_id(settings, claim_id), version)).fetchone()
    return bytes(row[0])


def overwrite_stored_state(settings: Settings, claim_id: str, version: int, state: bytes) -> None:
    with event_store(settings) as (conn, table, p):
        changed = conn.execute(f"UPDATE {table} SET state = {p} WHERE originator_id = {p}"
                               f" AND originator_version = {p}",
                               (state, _stored_id(settings, claim_id), version)).rowcount
    assert changed == 1


def delete_stored_event(settings: Settings, claim_id: str, version: int) -> None:
    with event_store(settings) as (conn, table, p):
        changed = conn.execute(f"DELETE FROM {table} WHERE originator_id = {p}"
                               f" AND originator_version = {p}",
                               (_stored_id(settings, claim_id), version)).rowcount
    assert changed == 1


def count_stored_claim_events(settings: Settings) -> int:
    with event_store(settings) as (conn, table, p):
        return conn.execute(f"SELECT COUNT(*) FROM {table} WHERE topic LIKE {p}",
                            (CLAIM_TOPIC_PREFIX + "%",)).fetchone()[0]


def view_differences(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> dict:
    """Per table, the rows only one of two dumps has (for a readable failure)."""
    differences = {}
    for table in before:
        only_before = sorted(set(before[table]) - set(after[table]), key=repr)
        only_after = sorted(set(after[table]) - set(before[table]), key=repr)
        if only_before or only_after:
            paired = {row[0]: row for row in only_after}
            columns = [[(i, old, paired[row[0]][i]) for i, old in enumerate(row)
                        if old != paired[row[0]][i]] for row in only_before if row[0] in paired]
            differences[table] = {"count": (len(only_before), len(only_after)),
                                  "columns (index, before, after)": columns[:3],
                                  "before": only_before[:2], "after": only_after[:2]}
    return differences
