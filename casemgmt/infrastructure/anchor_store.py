"""The database side of audit anchors: the trail to anchor, the anchors made, the last one's
document and the heads it vouched for (application/anchoring.py says what they mean)."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from casemgmt.domain.audit_anchor import AnchoredClaim

from .database import Database

TRAIL_VIEW = "audit_trail"


class AnchorStore:
    def __init__(self, db: Database):
        self.db = db

    def trail(self) -> tuple[int, dict[str, list[tuple[int, str]]]]:
        """The recorded chains up to the trail's position; rows the runner commits meanwhile
        lie beyond it and wait for the next anchor."""
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT position FROM projection_positions WHERE name = %s",
                        (TRAIL_VIEW,))
            row = cur.fetchone()
            position = int(row[0]) if row else 0
            cur.execute("SELECT claim_id, version, hash FROM audit_trail WHERE position <= %s"
                        " ORDER BY claim_id, version", (position,))
            trail: dict[str, list[tuple[int, str]]] = {}
            for claim_id, version, hash_ in cur.fetchall():
                trail.setdefault(str(claim_id), []).append((int(version), hash_))
        return position, trail

    def record(self, document: dict[str, Any], digest: str,
               changed: dict[str, AnchoredClaim]) -> None:
        """Keep the anchor (its document only until the next one), and the heads that moved."""
        with self.db.transaction() as cur:
            cur.execute("UPDATE audit_anchors SET document = NULL WHERE document IS NOT NULL")
            cur.execute("INSERT INTO audit_anchors (created_at, position, merkle_root, digest,"
                        " document) VALUES (%s, %s, %s, %s, %s) RETURNING id",
                        (datetime.now(timezone.utc).isoformat(), document["position"],
                         document["merkle_root"], digest,
                         json.dumps(document, ensure_ascii=False)))
            anchor_id = cur.fetchone()[0]
            cur.executemany(
                "INSERT INTO anchored_heads (claim_id, version, hash, anchor_id)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (claim_id) DO UPDATE SET"
                " version = excluded.version, hash = excluded.hash, anchor_id = excluded.anchor_id",
                [(claim_id, c.version, c.head, anchor_id) for claim_id, c in changed.items()])

    def last(self) -> dict[str, Any] | None:
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT document FROM audit_anchors WHERE document IS NOT NULL"
                        " ORDER BY id DESC LIMIT 1")
            row = cur.fetchone()
        return json.loads(row[0]) if row else None

    def anchored_head(self, claim_id: str) -> tuple[int, str] | None:
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT version, hash FROM anchored_heads WHERE claim_id = %s",
                        (claim_id,))
            row = cur.fetchone()
        return (int(row[0]), row[1]) if row else None
