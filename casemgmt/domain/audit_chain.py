"""The audit chain: each stored claim event hashed together with the hash before it.

A hash covers the previous hash and the stored event (claim id, version, topic, bytes), so
editing, deleting or reordering a stored event shows when the chain is recomputed from the
event store and compared with the recorded one.
"""
from __future__ import annotations

import hashlib
from typing import Any, Iterable, Sequence

GENESIS = "0" * 64


def chain_hash(prev_hash: str, claim_id: str, version: int, topic: str, state: bytes) -> str:
    # one buffer, one update: the same bytes as feeding each part and separator in turn
    head = f"{prev_hash}\x1f{claim_id}\x1f{version}\x1f{topic}\x1f".encode("utf-8")
    return hashlib.sha256(head + state).hexdigest()


def verify_chain(stored_events: Iterable[Any], trail: Sequence[Any]) -> bool:
    """Recompute the chain from the stored events and compare it with the recorded one
    (`trail`: entries with version, hash and prev_hash, in version order)."""
    stored = list(stored_events)
    if len(stored) != len(trail):
        return False
    prev = GENESIS
    for version, (event, entry) in enumerate(zip(stored, trail), start=1):
        expected = chain_hash(prev, str(event.originator_id), event.originator_version,
                              event.topic, event.state)
        if (event.originator_version != version  # a version left out is never verified
                or event.originator_version != entry.version or expected != entry.hash
                or entry.prev_hash != prev):
            return False
        prev = expected
    return True
