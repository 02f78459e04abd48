"""What makes two ways of writing a phone, e-mail, name or order number the same one.

A phone agent types what the customer says; an intake form stored what the customer typed.
These rules bring both to one form before it is hashed into the blind index, so a look-up
finds the customer whatever the formatting. Names are matched exactly (after Unicode NFC and
trimming): the index can only answer "equal or not", and a looser rule for names (dropping
spaces, romanisation, 홍길동 ≈ 홍 길동) would merge different people more often than it would
find the same one.
"""
from __future__ import annotations

import unicodedata

FIELDS = ("phone", "email", "name", "order_id")
ASCII_DIGITS = frozenset("0123456789")
KOREA = "82"


def phone_key(raw: str | None) -> str | None:
    """010-1234-5678, 01012345678, +82 10 1234 5678, 0082-10-… → 01012345678;
    +82 2 123 4567 (Seoul landline) → 021234567."""
    if not raw:
        return None
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", raw) if ch in ASCII_DIGITS)
    if digits.startswith("00" + KOREA):
        digits = digits[2:]
    # A domestic number never starts with 82 (they start with 0, or 1 for 1588-style lines);
    # 10 digits or more rules out a 7- or 8-digit local number typed without its area code.
    if digits.startswith(KOREA) and len(digits) >= 10:
        national = digits[len(KOREA):]
        digits = national if national.startswith("0") else "0" + national
    return digits or None


def email_key(raw: str | None) -> str | None:
    """Kim@Example.COM and ' kim@example.com ' are one address."""
    if not raw:
        return None
    return unicodedata.normalize("NFC", raw).strip().lower() or None


def name_key(raw: str | None) -> str | None:
    """Exact, but the same text in any Unicode composition (한 as one code point or three)."""
    if not raw:
        return None
    return unicodedata.normalize("NFC", raw).strip() or None


def order_key(raw: str | None) -> str | None:
    if not raw:
        return None
    return raw.strip() or None


NORMALISE = {"phone": phone_key, "email": email_key, "name": name_key, "order_id": order_key}


def normalised(field: str, raw: str | None) -> str | None:
    """The form of `raw` that the index hashes, or None when there is nothing to find by."""
    return NORMALISE[field](raw)
