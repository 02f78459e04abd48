"""Ids no other test uses (after cosmicpython's random_refs): the database lives for the whole
session, so a test that lists, counts or replays names its own customers and keys."""
from __future__ import annotations

import uuid


def random_suffix() -> str:
    return uuid.uuid4().hex[:8]


def a_customer_id(name: str = "C") -> str:
    return f"{name}-{random_suffix()}"


def an_idempotency_key(name: str = "key") -> str:
    return f"{name}-{random_suffix()}"
