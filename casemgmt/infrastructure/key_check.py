"""The master key's check: a process refuses to start with a key the store was not written with.

Events written under one CASEMGMT_CIPHER_KEY cannot be read under another; a service started
with the wrong key (or without it) looked ready while every authenticated call failed, and
`casemgmt staff add` wrote new events under the wrong key into the same store. So the first
start records the key's check in `key_checks` (migration 0009): an HMAC-SHA256 of a constant
under the key — it proves the key without revealing it — or 'none' without a key. Every later
start compares before anything else is done. A store written before the check existed is
probed instead: its first stored event must open with the key given.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import datetime, timezone
from typing import Any

from eventsourcing.persistence import PersistenceError

from casemgmt.config import SettingsError

from .database import Database

VARIABLE = "CASEMGMT_CIPHER_KEY"
KEY_SIZES = (16, 24, 32)
_CONSTANT = b"casemgmt key check v1"
_NAME = "master"
NO_KEY = "none"


class MasterKeyRefused(SettingsError):
    """The key is malformed, or not the one the store was written with (one line, no secret)."""


def master_key(text: str | None) -> bytes | None:
    """The key's bytes; a malformed key is refused with a message naming the variable."""
    if not text:
        return None
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MasterKeyRefused(f"{VARIABLE} is not valid base64") from None
    if len(key) not in KEY_SIZES:
        raise MasterKeyRefused(f"{VARIABLE} must be 16, 24 or 32 bytes once base64-decoded"
                               f" (it is {len(key)})")
    return key


def fingerprint(key: bytes | None) -> str:
    if key is None:
        return NO_KEY
    return "hmac-sha256:" + hmac.new(key, _CONSTANT, hashlib.sha256).hexdigest()


def check_master_key(db: Database, key: bytes | None, events: Any) -> None:
    """Compare the key with the store's check, recording it on first start; raise
    `MasterKeyRefused` when they differ. `events` is the application (its recorder and
    sealed mapper read the first stored event of a store older than the check)."""
    expected = fingerprint(key)
    recorded = _recorded(db)
    if recorded is None:
        if _holds_events(events) and not _opens_first_event(events):
            raise MasterKeyRefused(f"{VARIABLE} does not open this store's events: it is not"
                                   " the key they were written with (or they were written"
                                   f" {'without' if key else 'with'} one)")
        _record(db, expected, replace=False)
        recorded = _recorded(db)  # another process may have recorded its key first
    if recorded == expected:
        return
    if recorded == NO_KEY and not _holds_events(events):
        _record(db, expected, replace=True)  # nothing was written yet: the key may be added
    elif recorded == NO_KEY:
        raise MasterKeyRefused(f"this store was written without {VARIABLE}: unset it (a store's"
                               " events cannot be encrypted afterwards)")
    elif key is None:
        raise MasterKeyRefused(f"this store was written with {VARIABLE}: set it to that key")
    else:
        raise MasterKeyRefused(f"{VARIABLE} is not the key this store was written with")


def _holds_events(events: Any) -> bool:
    return (events.recorder.max_notification_id() or 0) > 0


def _opens_first_event(events: Any) -> bool:
    first = events.recorder.select_notifications(start=1, limit=1)
    try:
        events.sealed_mapper().to_domain_event(first[0])
    except PersistenceError:
        raise
    except Exception:  # wrong key (the tag does not verify), or bytes not encrypted at all
        return False
    return True


def _recorded(db: Database) -> str | None:
    with db.transaction(write=False) as cur:
        cur.execute("SELECT value FROM key_checks WHERE name = %s", (_NAME,))
        row = cur.fetchone()
    return row[0] if row else None


def _record(db: Database, value: str, *, replace: bool) -> None:
    now = datetime.now(timezone.utc).isoformat()
    with db.transaction() as cur:
        if replace:
            cur.execute("UPDATE key_checks SET value = %s, created_at = %s WHERE name = %s",
                        (value, now, _NAME))
        else:
            cur.execute("INSERT INTO key_checks (name, value, created_at) VALUES (%s, %s, %s)"
                        " ON CONFLICT (name) DO NOTHING", (_NAME, value, now))
