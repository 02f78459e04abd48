"""Durable Idempotency-Key records: the first response to a POST, replayed to its retries.

The key itself is stored only as a hash, and the response is sealed with a key derived
from it: a stored response (which may carry personal data) opens only for a retry that
presents the same Idempotency-Key. Records expire after a day. Erasing a customer drops the
stored responses about their claims but keeps the record: a retry with that key is refused
(KeyErased) rather than run again, which would file their data anew or write twice.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .database import Database

IN_PROGRESS, DONE, ERASED = "in_progress", "done", "erased"
KEEP_FOR = timedelta(hours=24)
ANY_CLAIM = "*"  # a response about several claims (a round's selections): every erasure drops it


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str
    headers: dict[str, str]


class KeyReused(Exception):
    """Raised when an Idempotency-Key comes back with a different request."""


class KeyErased(Exception):
    """Raised when the first response to this key was dropped by an erasure."""


class KeyInFlight(Exception):
    """Raised when the first request with this key is still running after we waited for it."""


class IdempotencyStore:
    def __init__(self, db: Database, *, master_key_b64: str | None = None, wait_s: float = 10.0):
        self.db = db
        self.wait_s = wait_s
        self._pepper = base64.b64decode(master_key_b64) if master_key_b64 else b""

    def begin(self, actor_id: str, key: str, method: str, path: str,
              request_hash: str) -> StoredResponse | None:
        """Reserve the key (returns None: go ahead) or return the first response to replay."""
        deadline = time.monotonic() + self.wait_s
        key_hash = self._hash(actor_id, key)
        while True:
            with self.db.transaction() as cur:
                now = datetime.now(timezone.utc)
                cur.execute("DELETE FROM idempotency_keys WHERE actor_id = %s AND idem_key = %s"
                            " AND created_at < %s", (actor_id, key_hash, (now - KEEP_FOR).isoformat()))
                cur.execute(
                    "INSERT INTO idempotency_keys (actor_id, idem_key, method, path, request_hash,"
                    " state, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                    " ON CONFLICT (actor_id, idem_key) DO NOTHING",
                    (actor_id, key_hash, method, path, request_hash, IN_PROGRESS, now.isoformat()))
                if cur.rowcount == 1:
                    return None
                cur.execute("SELECT method, path, request_hash, state, status_code, response_body,"
                            " headers FROM idempotency_keys WHERE actor_id = %s AND idem_key = %s",
                            (actor_id, key_hash))
                row = cur.fetchone()
            if row is None:
                continue  # the first request gave up its reservation meanwhile: take it
            if row[3] == ERASED:
                raise KeyErased(key)
            if (row[0], row[1], row[2]) != (method, path, request_hash):
                raise KeyReused(key)
            if row[3] == DONE:
                body = self._open(actor_id, key, row[5])
                return StoredResponse(row[4], body, json.loads(row[6] or "{}"))
            if time.monotonic() > deadline:
                raise KeyInFlight(key)
            time.sleep(0.05)

    def complete(self, actor_id: str, key: str, response: StoredResponse,
                 claim_id: str | None = None) -> None:
        with self.db.transaction() as cur:
            cur.execute("UPDATE idempotency_keys SET state = %s, status_code = %s,"
                        " response_body = %s, headers = %s, claim_id = %s"
                        " WHERE actor_id = %s AND idem_key = %s",
                        (DONE, response.status_code, self._seal(actor_id, key, response.body),
                         json.dumps(response.headers), claim_id, actor_id,
                         self._hash(actor_id, key)))

    def release(self, actor_id: str, key: str) -> None:
        """Forget a reservation whose request failed, so that a retry runs it again."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM idempotency_keys WHERE actor_id = %s AND idem_key = %s"
                        " AND state = %s", (actor_id, self._hash(actor_id, key), IN_PROGRESS))

    def forget_claims(self, claim_ids: list[str]) -> None:
        """Erasure: drop stored responses about these claims (and the request's hash, which
        was taken over their personal data); the key stays known until it expires."""
        if not claim_ids:
            return
        with self.db.transaction() as cur:
            for claim_id in [*claim_ids, ANY_CLAIM]:
                cur.execute("UPDATE idempotency_keys SET state = %s, request_hash = '',"
                            " response_body = NULL, headers = NULL WHERE claim_id = %s",
                            (ERASED, claim_id))

    def expire(self) -> int:
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM idempotency_keys WHERE created_at < %s",
                        ((datetime.now(timezone.utc) - KEEP_FOR).isoformat(),))
            return cur.rowcount

    # -- hashing and sealing -------------------------------------------------------------

    def _hash(self, actor_id: str, key: str) -> str:
        return hashlib.sha256(b"id\0" + self._pepper + f"{actor_id}\0{key}".encode()).hexdigest()

    def _cipher(self, actor_id: str, key: str) -> AESGCM:
        return AESGCM(hashlib.sha256(b"seal\0" + self._pepper + f"{actor_id}\0{key}".encode()).digest())

    def _seal(self, actor_id: str, key: str, body: str) -> str:
        nonce = os.urandom(12)
        sealed = self._cipher(actor_id, key).encrypt(nonce, body.encode("utf-8"), None)
        return base64.b64encode(nonce + sealed).decode("ascii")

    def _open(self, actor_id: str, key: str, sealed: str) -> str:
        raw = base64.b64decode(sealed)
        try:
            return self._cipher(actor_id, key).decrypt(raw[:12], raw[12:], None).decode("utf-8")
        except InvalidTag:
            raise KeyReused(key) from None
