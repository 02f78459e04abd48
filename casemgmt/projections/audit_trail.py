"""The audit trail: each claim event chained by hash to the one before it (domain/audit_chain.py),
and each claim's last hash, so the next batch chains on without looking it up per event."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casemgmt.domain.audit_chain import GENESIS, chain_hash
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sql import Cursor, parse_time

from .base import Item


class AuditTrailView:
    name = "audit_trail"
    fingerprint = "audit_trail/1"

    def apply(self, cur: Cursor, items: list[Item]) -> None:
        claim_items = [item for item in items if item.is_claim_event]
        if not claim_items:
            return
        # Each claim's last hash for the whole batch in one query (audit_heads), not one
        # look-up per event: catching up is dominated by what runs per event.
        last = self._heads(cur, sorted({item.originator_id for item in claim_items}))
        rows = []
        for item in claim_items:
            claim_id = item.originator_id
            prev = last.get(claim_id, (0, GENESIS))[1]
            current = chain_hash(prev, claim_id, item.version, item.topic, item.state)
            last[claim_id] = (item.version, current)
            rows.append((claim_id, item.version, item.position, item.type_name,
                         getattr(item.event, "at", None), getattr(item.event, "by", None),
                         current, prev))
        # A plain INSERT: applying an event twice would break the primary key, loudly.
        cur.insert_rows("INSERT INTO audit_trail (claim_id, version, position, event_type,"
                        " occurred_at, actor, hash, prev_hash)", rows)
        touched = {item.originator_id for item in claim_items}
        cur.insert_rows("INSERT INTO audit_heads (claim_id, version, hash)",
                        [(claim_id, *last[claim_id]) for claim_id in sorted(touched)],
                        " ON CONFLICT (claim_id) DO UPDATE SET version = excluded.version,"
                        " hash = excluded.hash")

    @staticmethod
    def _heads(cur: Cursor, claim_ids: list[str]) -> dict[str, tuple[int, str]]:
        heads: dict[str, tuple[int, str]] = {}
        for start in range(0, len(claim_ids), 500):
            where, params = cur.one_of("claim_id", claim_ids[start:start + 500])
            cur.execute(f"SELECT claim_id, version, hash FROM audit_heads WHERE {where}", params)
            heads.update({claim_id: (version, hash_) for claim_id, version, hash_
                          in cur.fetchall()})
        return heads

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM audit_trail")
        cur.execute("DELETE FROM audit_heads")


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


def version_as_of(db: Database, claim_id: str, moment: Any) -> tuple[int | None, int | None]:
    """The claim's last version the trail holds at or before `moment`, and the last version
    the trail holds at all (None: none yet): the versions after it are not in the trail yet."""
    with db.transaction(write=False) as cur:
        cur.execute("SELECT MAX(CASE WHEN occurred_at <= %s THEN version END), MAX(version)"
                    " FROM audit_trail WHERE claim_id = %s", (moment, claim_id))
        row = cur.fetchone()
    return (row[0], row[1]) if row else (None, None)
