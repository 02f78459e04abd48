"""Per-claim data keys, grouped by customer: deleting them is how personal data is destroyed.

Each claim gets its own AES-256 key when it is filed. With CASEMGMT_CIPHER_KEY set, keys
are stored wrapped (AES-GCM) by that master key; without it they are stored as they are,
which still lets erasure and retention destroy data, but protects nothing from someone who
holds the database. Retention destroys one claim's key; an erasure request all of a
customer's.
"""
from __future__ import annotations

import base64
import os
import threading
import time
from datetime import datetime, timezone

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from casemgmt.application.ports import Statement

from .database import Database
from .opened_snapshots import OpenedSnapshots
from .sql import Cursor
from .transcodings import SNAPSHOT_DATACLASSES

CACHE_SECONDS = 60.0  # another process may use a destroyed key for at most this long


class KeyStore:
    def __init__(self, db: Database, master_key_b64: str | None):
        self.db = db
        self._master = AESGCM(base64.b64decode(master_key_b64)) if master_key_b64 else None
        # claim → (key, its cipher, when read): the cipher is made once per key, not per value
        self._cache: dict[str, tuple[bytes | None, AESGCM | None, float]] = {}
        self._lock = threading.Lock()
        # snapshots opened with these keys, decoded: they go when their claim's key goes
        self.opened = OpenedSnapshots(SNAPSHOT_DATACLASSES)

    def issue(self, claim_id: str, customer_id: str) -> Statement:
        """A new claim's key, kept here at once and stored by the returned statement, which
        runs in the transaction that stores the claim (a failed filing leaves no key)."""
        key = AESGCM.generate_key(bit_length=256)
        self._remember(claim_id, key)
        return Statement("INSERT INTO data_keys (claim_id, customer_id, wrapped_key, created_at)"
                         " VALUES (%s, %s, %s, %s)",
                         (claim_id, customer_id, self._wrap(key, claim_id),
                          datetime.now(timezone.utc).isoformat()))

    def forget(self, claim_id: str) -> None:
        """Drop a key this process holds (its filing failed, or it was destroyed)."""
        self._forget(claim_id)

    def create(self, claim_id: str, customer_id: str) -> bytes:
        """The claim's key, made and stored now (a claim saved without `issue`)."""
        key = AESGCM.generate_key(bit_length=256)
        with self.db.transaction() as cur:
            cur.execute("INSERT INTO data_keys (claim_id, customer_id, wrapped_key, created_at)"
                        " VALUES (%s, %s, %s, %s) ON CONFLICT (claim_id) DO NOTHING",
                        (claim_id, customer_id, self._wrap(key, claim_id),
                         datetime.now(timezone.utc).isoformat()))
            cur.execute("SELECT wrapped_key FROM data_keys WHERE claim_id = %s", (claim_id,))
            row = cur.fetchone()
        stored = self._unwrap(row[0], claim_id) if row and row[0] else None
        self._remember(claim_id, stored)
        return stored or key

    def key(self, claim_id: str) -> bytes | None:
        """The claim's key, or None when there is none or it was destroyed."""
        return self._entry(claim_id)[0]

    def cipher(self, claim_id: str) -> AESGCM | None:
        """The claim's key as a cipher, or None when there is none or it was destroyed."""
        return self._entry(claim_id)[1]

    def _entry(self, claim_id: str) -> tuple[bytes | None, AESGCM | None, float]:
        with self._lock:
            cached = self._cache.get(claim_id)
        if cached and time.monotonic() - cached[2] < CACHE_SECONDS:
            return cached
        self.prefetch([claim_id])
        return self._cache[claim_id]

    def prefetch(self, claim_ids: list[str], cur: Cursor | None = None, *,
                 stale_only: bool = False) -> None:
        """Load many claims' keys with one query (the projection runner does, per batch);
        on `cur`, a read under way (the customer look-up's), or in a transaction of its own.
        `stale_only` asks only for the keys not read in the last CACHE_SECONDS (a reader that
        would trust them anyway); the runner asks for all, to see a destruction at once."""
        wanted = list(dict.fromkeys(claim_ids))
        if stale_only:
            now = time.monotonic()
            with self._lock:
                wanted = [claim_id for claim_id in wanted
                          if not (cached := self._cache.get(claim_id))
                          or now - cached[2] >= CACHE_SECONDS]
        if not wanted:
            return
        if cur is None:
            with self.db.transaction(write=False) as own:
                self.prefetch(wanted, own)
            return
        found: dict[str, bytes | None] = {claim_id: None for claim_id in wanted}
        for claim_id, wrapped in _rows(cur, "wrapped_key", wanted):
            found[claim_id] = self._unwrap(wrapped, claim_id) if wrapped else None
        for claim_id, key in found.items():
            self._remember(claim_id, key)

    def _remember(self, claim_id: str, key: bytes | None) -> None:
        with self._lock:
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[claim_id] = (key, AESGCM(key) if key else None, time.monotonic())
        if key is None:
            self.opened.forget(claim_id)

    def destroy_claim(self, claim_id: str) -> bool:
        return bool(self._destroy("claim_id", claim_id))

    def destroy_customer(self, customer_id: str) -> list[str]:
        return self._destroy("customer_id", customer_id)

    def customers_of(self, claim_ids: list[str]) -> dict[str, str]:
        """claim id → its customer's id, for the claims that have a key: every claim filed
        since keys exist, its row written with the filing and kept (without the key) after
        erasure and retention, so it never lags behind as a view may."""
        with self.db.transaction(write=False) as cur:
            return dict(_rows(cur, "customer_id", sorted(set(claim_ids))))

    def claims_of(self, customer_id: str) -> list[str]:
        with self.db.transaction(write=False) as cur:
            cur.execute("SELECT claim_id FROM data_keys WHERE customer_id = %s", (customer_id,))
            return [row[0] for row in cur.fetchall()]

    def _destroy(self, column: str, value: str) -> list[str]:
        with self.db.transaction() as cur:
            cur.execute(f"SELECT claim_id FROM data_keys WHERE {column} = %s"
                        " AND wrapped_key IS NOT NULL", (value,))
            claims = [row[0] for row in cur.fetchall()]
            cur.execute(f"UPDATE data_keys SET wrapped_key = NULL, destroyed_at = %s"
                        f" WHERE {column} = %s AND wrapped_key IS NOT NULL",
                        (datetime.now(timezone.utc).isoformat(), value))
        for claim_id in claims:
            self._forget(claim_id)
        return claims

    def _forget(self, claim_id: str) -> None:
        with self._lock:
            self._cache.pop(claim_id, None)
        self.opened.forget(claim_id)

    def _wrap(self, key: bytes, claim_id: str) -> str:
        if self._master is None:
            return "raw:" + base64.b64encode(key).decode()
        nonce = os.urandom(12)
        sealed = self._master.encrypt(nonce, key, claim_id.encode())
        return "aes:" + base64.b64encode(nonce + sealed).decode()

    def _unwrap(self, stored: str, claim_id: str) -> bytes:
        kind, _, payload = stored.partition(":")
        raw = base64.b64decode(payload)
        if kind == "raw":
            return raw
        if self._master is None:
            raise RuntimeError("data keys are wrapped, but CASEMGMT_CIPHER_KEY is not set")
        return self._master.decrypt(raw[:12], raw[12:], claim_id.encode())


def _rows(cur: Cursor, column: str, claim_ids: list[str]) -> list[tuple]:
    """(claim id, `column`) of these claims' data_keys rows, 500 ids a query."""
    rows: list[tuple] = []
    for start in range(0, len(claim_ids), 500):
        where, params = cur.one_of("claim_id", claim_ids[start:start + 500])
        cur.execute(f"SELECT claim_id, {column} FROM data_keys WHERE {where}", params)
        rows += cur.fetchall()
    return rows
