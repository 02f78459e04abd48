"""Webhook subscriptions: their URL, event types, state, and the signing secret, sealed.

With CASEMGMT_CIPHER_KEY set the secret is sealed (AES-GCM, bound to the subscription id) by
a key derived from the master key, so that a copy of the database cannot sign deliveries;
without it the secret is stored as it is ("raw:"), like the data keys (see keystore.py).
"""
from __future__ import annotations

import base64
import json
import os
from datetime import datetime

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casemgmt.webhooks.records import ACTIVE, Subscription

from .database import Database
from .sql import parse_time

_COLUMNS = ("id, url, events, description, state, paused_reason, consecutive_failures,"
            " position, created_by, created_at, changed_at")


class SubscriptionStore:
    def __init__(self, db: Database, master_key_b64: str | None):
        self.db = db
        self._sealer = AESGCM(_derived_key(master_key_b64)) if master_key_b64 else None

    def add(self, subscription: Subscription, secret: str) -> None:
        s = subscription
        with self.db.transaction() as cur:
            cur.execute(f"INSERT INTO webhook_subscriptions ({_COLUMNS}, secret) VALUES"
                        " (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        (s.id, s.url, json.dumps(s.events), s.description, s.state,
                         s.paused_reason, s.consecutive_failures, s.position, s.created_by,
                         s.created_at, s.changed_at, self._seal(s.id, secret)))

    def get(self, subscription_id: str) -> Subscription | None:
        with self.db.transaction(write=False) as cur:
            cur.execute(f"SELECT {_COLUMNS} FROM webhook_subscriptions WHERE id = %s",
                        (subscription_id,))
            row = cur.fetchone()
        return _subscription(row) if row else None

    def all(self) -> list[Subscription]:
        with self.db.transaction(write=False) as cur:
            cur.execute(f"SELECT {_COLUMNS} FROM webhook_subscriptions ORDER BY created_at, id")
            return [_subscription(row) for row in cur.fetchall()]

    def remove(self, subscription_id: str) -> bool:
        """Forget the subscription and its deliveries (a runner's try under way records nothing)."""
        with self.db.transaction() as cur:
            cur.execute("DELETE FROM webhook_deliveries WHERE subscription_id = %s",
                        (subscription_id,))
            cur.execute("DELETE FROM webhook_subscriptions WHERE id = %s", (subscription_id,))
            return cur.rowcount == 1

    def change_state(self, subscription_id: str, state: str, reason: str | None,
                     at: datetime) -> Subscription | None:
        """Pause or resume; resuming also forgets the run of failures that paused it."""
        reset = ", consecutive_failures = 0" if state == ACTIVE else ""
        with self.db.transaction() as cur:
            cur.execute("UPDATE webhook_subscriptions SET state = %s, paused_reason = %s,"
                        f" changed_at = %s{reset} WHERE id = %s",
                        (state, reason, at, subscription_id))
        return self.get(subscription_id)

    def secrets(self, subscription_ids: list[str]) -> dict[str, str]:
        if not subscription_ids:
            return {}
        with self.db.transaction(write=False) as cur:
            where, params = cur.one_of("id", subscription_ids)
            cur.execute(f"SELECT id, secret FROM webhook_subscriptions WHERE {where}", params)
            return {row[0]: self._open(row[0], row[1]) for row in cur.fetchall()}

    def _seal(self, subscription_id: str, secret: str) -> str:
        if self._sealer is None:
            return "raw:" + secret
        nonce = os.urandom(12)
        sealed = self._sealer.encrypt(nonce, secret.encode("utf-8"), subscription_id.encode())
        return "aes:" + base64.b64encode(nonce + sealed).decode("ascii")

    def _open(self, subscription_id: str, stored: str) -> str:
        kind, _, value = stored.partition(":")
        if kind == "raw":
            return value
        if self._sealer is None:
            raise RuntimeError("webhook secrets are sealed, but CASEMGMT_CIPHER_KEY is not set")
        raw = base64.b64decode(value)
        return self._sealer.decrypt(raw[:12], raw[12:], subscription_id.encode()).decode("utf-8")


def _derived_key(master_key_b64: str) -> bytes:
    # A key of its own, so that sealing secrets never reuses the key that wraps the data keys.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"casemgmt webhook secrets").derive(base64.b64decode(master_key_b64))


def _subscription(row: tuple) -> Subscription:
    return Subscription(id=row[0], url=row[1], events=json.loads(row[2]), description=row[3],
                        state=row[4], paused_reason=row[5], consecutive_failures=int(row[6]),
                        position=int(row[7]), created_by=row[8], created_at=parse_time(row[9]),
                        changed_at=parse_time(row[10]))
