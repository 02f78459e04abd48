"""Numbered SQL migrations for casemgmt's own tables: idempotent, recorded, one process at a time.

A migration is ``NNNN_name.sql`` for both backends, or a pair ``NNNN_name.postgres.sql`` /
``NNNN_name.sqlite.sql`` where their dialects differ. The event tables belong to eventsourcing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .database import Database

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+?)(?:\.(postgres|sqlite))?\.sql$")
# Any constant works; it only has to be the same in every casemgmt process.
_ADVISORY_LOCK_KEY = 0x6361_7365


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path


def discover(directory: Path, backend: str) -> list[Migration]:
    chosen: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise ValueError(f"migration file name not understood: {path.name}")
        version, name, dialect = int(match[1]), match[2], match[3]
        if dialect not in (None, backend):
            continue
        if version in chosen and dialect is None:
            continue  # the dialect-specific file wins over a common one
        chosen[version] = Migration(version, name, path)
    return [chosen[v] for v in sorted(chosen)]


def migrate(db: Database, directory: Path) -> list[Migration]:
    """Apply what is pending, in order, in one transaction; returns what was applied."""
    pending: list[Migration] = []
    with db.transaction() as cur:
        if db.backend == "postgres":
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_ADVISORY_LOCK_KEY,))
        cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
        cur.execute("SELECT version FROM schema_migrations")
        applied = {row[0] for row in cur.fetchall()}
        for migration in discover(directory, db.backend):
            if migration.version in applied:
                continue
            cur.executescript(migration.path.read_text(encoding="utf-8"))
            cur.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (%s, %s, %s)",
                        (migration.version, migration.name, datetime.now(timezone.utc).isoformat()))
            pending.append(migration)
    return pending


def applied_versions(db: Database) -> list[int]:
    with db.transaction(write=False) as cur:
        cur.execute("SELECT version FROM schema_migrations ORDER BY version")
        return [row[0] for row in cur.fetchall()]
