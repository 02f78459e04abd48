"""Evidence files in the database (table claim_files: BLOB on SQLite, BYTEA on PostgreSQL),
stored sealed. The default FileStore; see application/evidence_ports.py for the interface."""
from __future__ import annotations

from datetime import datetime, timezone

from .database import Database


class DatabaseFileStore:
    def __init__(self, db: Database):
        self.db = db

    def put(self, claim_id: str, attachment_id: str, sealed: bytes) -> None:
        with self.db.transaction() as cur:
            cur.execute("INSERT INTO claim_files (claim_id, attachment_id, sealed, stored_at)"
                        " VALUES (%s, %s, %s, %s)",
                        (claim_id, attachment_id, sealed,
                         datetime.now(timezone.utc).isoformat()))

    def get(self, claim_id: str, attachment_id: str) -> bytes | None:
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT sealed FROM claim_files WHERE claim_id = %s"
                        " AND attachment_id = %s", (claim_id, attachment_id))
            row = cur.fetchone()
        return bytes(row[0]) if row else None

    def delete(self, claim_id: str, attachment_id: str) -> None:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM claim_files WHERE claim_id = %s AND attachment_id = %s",
                        (claim_id, attachment_id))

    def delete_claims(self, claim_ids: list[str]) -> None:
        with self.db.transaction() as cur:
            for claim_id in claim_ids:
                cur.execute("DELETE FROM claim_files WHERE claim_id = %s", (claim_id,))
