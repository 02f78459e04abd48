"""Durable Idempotency-Key records: the first response to a POST, replayed to its retries.

No reservation is taken before a request runs: the record is written in the same
transaction as the request's events (application/ports.py `Statement`), so it exists
exactly when the write does. A crash leaves either both or neither, and a retry either
replays the stored answer or runs the request anew — never a key stuck "in flight". Two
requests racing with one key both run; the first to commit wins, the other's transaction
(events included) is rolled back and it answers with the winner's stored response.

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
from datetime import datetime, timedelta, timezone

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from casemgmt.application.ports import (
    KeyErased, KeyReused, KeyTaken, Statement, StoredResponse,
)

from .database import Database

DONE, ERASED, IN_PROGRESS = "done", "erased", "in_progress"  # in_progress: rows of v1
KEEP_FOR = timedelta(hours=24)
ANY_CLAIM = "*"  # a response about several claims (a round's selections): every erasure drops it


class IdempotencyStore:
    def __init__(self, db: Database, *, master_key_b64: str | None = None):
        self.db = db
        self._pepper = base64.b64decode(master_key_b64) if master_key_b64 else b""

    def find(self, actor_id: str, key: str, fingerprint: str) -> StoredResponse | None:
        """The first response to this key (raises if the key came with another request)."""
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT method, path, request_hash, state, status_code, response_body,"
                        " headers, created_at FROM idempotency_keys"
                        " WHERE actor_id = %s AND idem_key = %s",
                        (actor_id, self._hash(actor_id, key)))
            row = cur.fetchone()
        if row is None or row[3] == IN_PROGRESS or row[7] < _cutoff():
            return None
        if row[3] == ERASED:
            raise KeyErased(key)
        if (row[0], row[1], row[2]) != _split(fingerprint):
            raise KeyReused(key)
        return StoredResponse(row[4], self._open(actor_id, key, row[5]), json.loads(row[6] or "{}"))

    def record(self, actor_id: str, key: str, fingerprint: str, response: StoredResponse,
               claim_id: str | None) -> Statement:
        """Store the first response, in the caller's transaction; refused (KeyTaken) when
        another request with this key committed first."""
        now = datetime.now(timezone.utc).isoformat()
        method, path, request_hash = _split(fingerprint)
        return Statement(
            "INSERT INTO idempotency_keys (actor_id, idem_key, method, path, request_hash, state,"
            " status_code, response_body, headers, claim_id, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (actor_id, idem_key) DO UPDATE SET method = excluded.method,"
            " path = excluded.path, request_hash = excluded.request_hash, state = excluded.state,"
            " status_code = excluded.status_code, response_body = excluded.response_body,"
            " headers = excluded.headers, claim_id = excluded.claim_id,"
            " created_at = excluded.created_at"
            # a row left by the first release's reservations, or one past its day, gives way
            " WHERE idempotency_keys.state = %s OR idempotency_keys.created_at < %s"
            " RETURNING 1",
            (actor_id, self._hash(actor_id, key), method, path, request_hash, DONE,
             response.status_code, self._seal(actor_id, key, response.body),
             json.dumps(response.headers), claim_id, now, IN_PROGRESS, _cutoff()),
            expect_row=True, refusal=lambda: KeyTaken(key))

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
            cur.execute("DELETE FROM idempotency_keys WHERE created_at < %s", (_cutoff(),))
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


def _cutoff() -> str:
    return (datetime.now(timezone.utc) - KEEP_FOR).isoformat()


def _split(fingerprint: str) -> tuple[str, str, str]:
    """'POST /api/v1/claims <sha256>' → its three parts."""
    method, path, request_hash = fingerprint.split(" ", 2)
    return method, path, request_hash
