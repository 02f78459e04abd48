"""What erasure and retention remove besides the keys: snapshots, and the erasure record."""
from __future__ import annotations

from datetime import datetime
from uuid import UUID

from .database import Database


class Shredder:
    def __init__(self, db: Database, snapshots_table: str | None):
        self.db = db
        self.snapshots_table = snapshots_table

    def delete_snapshots(self, claim_ids: list[str]) -> None:
        if self.snapshots_table is None:
            return
        with self.db.transaction() as cur:
            for claim_id in claim_ids:
                # SQLite stores ids as text (hex), PostgreSQL as uuid: compare as text on both.
                value = UUID(str(claim_id))
                cur.execute(f"DELETE FROM {self.snapshots_table}"
                            " WHERE CAST(originator_id AS TEXT) = %s",
                            (str(value) if cur.backend == "postgres" else value.hex,))

    def record_erasure(self, customer_id: str, claims: int, reason: str, by: str,
                       erased_at: datetime) -> None:
        with self.db.transaction() as cur:
            cur.execute("INSERT INTO erasures (customer_id, claims, reason, requested_by,"
                        " erased_at) VALUES (%s, %s, %s, %s, %s)",
                        (customer_id, claims, reason, by, erased_at.isoformat()))

    def shred(self) -> None:
        """Make what was just destroyed unrecoverable from the database files too."""
