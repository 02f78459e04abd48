"""The blind index: keyed hashes of a customer's phone, e-mail, name and order number.

Sealed fields cannot be searched, so each claim's customer is also written as
HMAC-SHA256(field key, normalised value) — never the value — and a look-up hashes what the
agent typed the same way. Each field has its own key, derived with HKDF-SHA256 from the
master key CASEMGMT_CIPHER_KEY (so a phone's hash cannot be compared with an e-mail's).
Without a master key the keys derive from a random secret kept in the database itself
(`index_secrets`): that makes look-ups work, but, like raw data keys, it protects nothing
from whoever holds the database.

Someone holding the database but not the key learns equality only: which claims share a
phone, an e-mail, a name or an order — not the values, and no guess can be checked offline.
With the key, a guess can be checked (a phone number has few enough digits to enumerate), so
the key is kept outside the database.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import datetime, timezone

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casemgmt.domain.contact_keys import FIELDS, normalised

from .database import Database

# 128 bits: RFC 2104 §5 allows truncating to half the hash; a false match among a hundred
# million entries stays below 1e-20, and the index is half the size.
DIGEST_BYTES = 16
SALT = b"casemgmt blind index"
SECRET_NAME = "blind_index"


class BlindIndex:
    def __init__(self, db: Database, master_key_b64: str | None):
        root = base64.b64decode(master_key_b64) if master_key_b64 else _database_secret(db)
        self._keys = {field: _derive(root, f"v1:{field}") for field in FIELDS}
        # Names the key without revealing it: a view fingerprint that changes with the key,
        # so the index is rebuilt (not silently stale) if the master key ever changes.
        self.key_check = hmac.new(_derive(root, "v1:key-check"), b"casemgmt",
                                  hashlib.sha256).hexdigest()[:12]

    def digest(self, field: str, raw: str | None) -> bytes | None:
        """The keyed hash of the normalised value, or None when there is nothing to index."""
        value = normalised(field, raw)
        if value is None:
            return None
        return hmac.new(self._keys[field], value.encode("utf-8"),
                        hashlib.sha256).digest()[:DIGEST_BYTES]


def _derive(root: bytes, info: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=SALT,
                info=info.encode("ascii")).derive(root)


def _database_secret(db: Database) -> bytes:
    """The per-database secret, made by whichever process needs it first."""
    with db.transaction() as cur:
        cur.execute("INSERT INTO index_secrets (name, secret, created_at) VALUES (%s, %s, %s)"
                    " ON CONFLICT (name) DO NOTHING",
                    (SECRET_NAME, base64.b64encode(os.urandom(32)).decode("ascii"),
                     datetime.now(timezone.utc).isoformat()))
        cur.execute("SELECT secret FROM index_secrets WHERE name = %s", (SECRET_NAME,))
        return base64.b64decode(cur.fetchone()[0])
