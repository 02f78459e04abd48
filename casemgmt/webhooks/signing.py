"""Signing a delivery: `Casemgmt-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.

The time is signed with the body so that a captured request cannot be replayed later than the
receiver's tolerance; several v1 values may appear while a secret is being replaced.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

HEADER = "Casemgmt-Signature"
SECRET_PREFIX = "whsec_"
TOLERANCE_S = 300


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, body: bytes, timestamp: int) -> str:
    return hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode("ascii") + body,
                    hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int) -> str:
    return f"t={timestamp},v1={signature(secret, body, timestamp)}"


def verify(secret: str, body: bytes, header: str, now: int, tolerance: int = TOLERANCE_S) -> bool:
    """Whether the header signs this body with this secret, at a time within the tolerance."""
    parts = [item.partition("=") for item in header.split(",")]
    stamps = [value for key, _, value in parts if key.strip() == "t"]
    offered = [value.strip() for key, _, value in parts if key.strip() == "v1"]
    if len(stamps) != 1 or not stamps[0].strip().isdigit() or not offered:
        return False
    timestamp = int(stamps[0])
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, body, timestamp)
    return any(hmac.compare_digest(expected, candidate) for candidate in offered)
