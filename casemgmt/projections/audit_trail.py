"""The audit trail: each claim event chained by hash to the one before it.

A hash covers the previous hash and the stored event (claim id, version, topic, bytes), so
editing or deleting a stored event shows when the chain is recomputed from the event store.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Iterable

from casemgmt.infrastructure.database import Cursor, Database, parse_time

from .base import Item

GENESIS = "0" * 64


def chain_hash(prev_hash: str, claim_id: str, version: int, topic: str, state: bytes) -> str:
    digest = hashlib.sha256()
    for part in (prev_hash, str(claim_id), str(version), topic):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x1f")
    digest.update(state)
    return digest.hexdigest()


class AuditTrailView:
    name = "audit_trail"
    fingerprint = "audit_trail/1"

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        last: dict[str, str] = {}
        rows = []
        for item in items:
            if not item.is_claim_event:
                continue
            claim_id = item.originator_id
            prev = last.get(claim_id) or self._last_hash(cur, claim_id)
            current = chain_hash(prev, claim_id, item.version, item.topic, item.state)
            last[claim_id] = current
            rows.append((claim_id, item.version, item.position, item.type_name,
                         getattr(item.event, "at", None), getattr(item.event, "by", None),
                         current, prev))
        # A plain INSERT: applying an event twice would break the primary key, loudly.
        cur.executemany("INSERT INTO audit_trail (claim_id, version, position, event_type,"
                        " occurred_at, actor, hash, prev_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                        rows)

    @staticmethod
    def _last_hash(cur: Cursor, claim_id: str) -> str:
        cur.execute("SELECT hash FROM audit_trail WHERE claim_id = %s ORDER BY version DESC LIMIT 1",
                    (claim_id,))
        row = cur.fetchone()
        return row[0] if row else GENESIS

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM audit_trail")


@dataclass(frozen=True)
class TrailEntry:
    version: int
    position: int
    event_type: str
    occurred_at: Any
    actor: str | None
    hash: str
    prev_hash: str


def recorded_trail(db: Database, claim_id: str) -> list[TrailEntry]:
    with db.transaction(write=False) as cur:
        cur.execute("SELECT version, position, event_type, occurred_at, actor, hash, prev_hash"
                    " FROM audit_trail WHERE claim_id = %s ORDER BY version", (claim_id,))
        return [TrailEntry(r[0], r[1], r[2], parse_time(r[3]), r[4], r[5], r[6])
                for r in cur.fetchall()]


def verify(stored_events: Iterable[Any], trail: list[TrailEntry]) -> bool:
    """Recompute the chain from the stored events and compare it with the recorded one."""
    stored = list(stored_events)
    if len(stored) != len(trail):
        return False
    prev = GENESIS
    for event, entry in zip(stored, trail):
        expected = chain_hash(prev, str(event.originator_id), event.originator_version,
                              event.topic, event.state)
        if event.originator_version != entry.version or expected != entry.hash \
                or entry.prev_hash != prev:
            return False
        prev = expected
    return True


def version_as_of(db: Database, claim_id: str, moment: Any) -> int | None:
    """The claim's last version recorded at or before `moment` (None: none yet)."""
    with db.transaction(write=False) as cur:
        cur.execute("SELECT MAX(version) FROM audit_trail WHERE claim_id = %s AND occurred_at <= %s",
                    (claim_id, moment))
        row = cur.fetchone()
    return row[0] if row and row[0] is not None else None
