"""Vendor-link tokens by their SHA-256 (table vendor_links): the token itself is never stored.
Whether a link still works is decided on the claim, from its events."""
from __future__ import annotations

from datetime import datetime, timezone

from .database import Database


class DatabaseLinkIndex:
    def __init__(self, db: Database):
        self.db = db

    def add(self, token_hash: str, claim_id: str, link_id: str, fact_check_id: str) -> None:
        with self.db.transaction() as cur:
            cur.execute("INSERT INTO vendor_links (token_hash, claim_id, link_id, fact_check_id,"
                        " created_at) VALUES (%s, %s, %s, %s, %s)",
                        (token_hash, claim_id, link_id, fact_check_id,
                         datetime.now(timezone.utc).isoformat()))

    def find(self, token_hash: str) -> tuple[str, str, str] | None:
        """(claim id, link id, fact check id) of the token with this hash."""
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT claim_id, link_id, fact_check_id FROM vendor_links"
                        " WHERE token_hash = %s", (token_hash,))
            row = cur.fetchone()
        return (row[0], row[1], row[2]) if row else None

    def remove(self, token_hash: str) -> None:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM vendor_links WHERE token_hash = %s", (token_hash,))

    def forget_claims(self, claim_ids: list[str]) -> None:
        with self.db.transaction() as cur:
            for claim_id in claim_ids:
                cur.execute("DELETE FROM vendor_links WHERE claim_id = %s", (claim_id,))
