"""Durable Idempotency-Key records: the first response to a POST, replayed to its retries."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from .database import Database

IN_PROGRESS, DONE = "in_progress", "done"


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str
    headers: dict[str, str]


class KeyReused(Exception):
    """Raised when an Idempotency-Key comes back with a different request."""


class KeyInFlight(Exception):
    """Raised when the first request with this key is still running after we waited for it."""


class IdempotencyStore:
    def __init__(self, db: Database, *, wait_s: float = 10.0):
        self.db = db
        self.wait_s = wait_s

    def begin(self, actor_id: str, key: str, method: str, path: str,
              request_hash: str) -> StoredResponse | None:
        """Reserve the key (returns None: go ahead) or return the first response to replay."""
        deadline = time.monotonic() + self.wait_s
        while True:
            with self.db.transaction() as cur:
                cur.execute(
                    "INSERT INTO idempotency_keys (actor_id, idem_key, method, path, request_hash,"
                    " state, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (actor_id, idem_key) DO NOTHING",
                    (actor_id, key, method, path, request_hash, IN_PROGRESS,
                     datetime.now(timezone.utc).isoformat()))
                if cur.rowcount == 1:
                    return None
                cur.execute("SELECT method, path, request_hash, state, status_code, response_body,"
                            " headers FROM idempotency_keys WHERE actor_id = %s AND idem_key = %s",
                            (actor_id, key))
                row = cur.fetchone()
            if row is None:
                continue  # the first request gave up its reservation meanwhile: take it
            if (row[0], row[1], row[2]) != (method, path, request_hash):
                raise KeyReused(key)
            if row[3] == DONE:
                return StoredResponse(row[4], row[5], json.loads(row[6] or "{}"))
            if time.monotonic() > deadline:
                raise KeyInFlight(key)
            time.sleep(0.05)

    def complete(self, actor_id: str, key: str, response: StoredResponse) -> None:
        with self.db.transaction() as cur:
            cur.execute("UPDATE idempotency_keys SET state = %s, status_code = %s,"
                        " response_body = %s, headers = %s WHERE actor_id = %s AND idem_key = %s",
                        (DONE, response.status_code, response.body, json.dumps(response.headers),
                         actor_id, key))

    def release(self, actor_id: str, key: str) -> None:
        """Forget a reservation whose request failed, so that a retry runs it again."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM idempotency_keys WHERE actor_id = %s AND idem_key = %s"
                        " AND state = %s", (actor_id, key, IN_PROGRESS))
