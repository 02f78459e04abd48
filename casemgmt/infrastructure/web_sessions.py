"""The workspace's browser sessions table (migration 0011): rows found by the hash of the
session id the cookie carries; the id itself and the API token are never stored."""
from __future__ import annotations

from datetime import datetime

from casemgmt.application.ports import WebSession

from .database import Database
from .sql import parse_time

COLUMNS = ("id_hash", "staff_id", "token_hash", "csrf_token", "created_at", "last_seen_at",
           "expires_at")


class WebSessionStore:
    def __init__(self, db: Database):
        self.db = db

    def add(self, session: WebSession) -> None:
        with self.db.transaction() as cur:
            cur.execute(f"INSERT INTO web_sessions ({', '.join(COLUMNS)})"
                        f" VALUES ({', '.join(['%s'] * len(COLUMNS))})",
                        [getattr(session, name) for name in COLUMNS])

    def find(self, id_hash: str) -> WebSession | None:
        with self.db.transaction(write=False) as cur:
            cur.execute(f"SELECT {', '.join(COLUMNS)} FROM web_sessions WHERE id_hash = %s",
                        (id_hash,))
            row = cur.fetchone()
        if row is None:
            return None
        values = dict(zip(COLUMNS, row))
        for name in ("created_at", "last_seen_at", "expires_at"):
            values[name] = parse_time(values[name])
        return WebSession(**values)

    def touch(self, id_hash: str, at: datetime) -> None:
        with self.db.transaction() as cur:
            cur.execute("UPDATE web_sessions SET last_seen_at = %s WHERE id_hash = %s",
                        (at, id_hash))

    def delete(self, id_hash: str) -> None:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM web_sessions WHERE id_hash = %s", (id_hash,))

    def delete_expired(self, now: datetime, idle_since: datetime) -> int:
        """Drop sessions past their absolute expiry or idle since before `idle_since`."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM web_sessions WHERE expires_at <= %s OR last_seen_at < %s",
                        (now, idle_since))
            return cur.rowcount
