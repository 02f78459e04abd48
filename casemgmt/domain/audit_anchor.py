"""Audit anchors: what a signed digest of the audit chain vouches for, and how the event store
is checked against it.

An anchor names, for every claim, the version its chain had reached, the chain's hash there
(the head) and a short digest of the hash at every version before it, plus the log position
it covers and a Merkle root over the heads (RFC 6962 style), which alone may be published.
The heads name which claim was changed; the digests name which version; the root and the
signature (made elsewhere) make the anchor itself unforgeable.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable, Sequence

from .audit_chain import GENESIS, chain_hash

DIGEST_HEX = 8  # per version: enough to say where a chain first differs (the head decides)
EDITED, MISSING, REORDERED, TRUNCATED, UNKNOWN = (
    "edited", "missing", "reordered", "truncated", "unknown")


@dataclass(frozen=True)
class AnchoredClaim:
    version: int
    head: str
    digests: str  # DIGEST_HEX characters per version, version 1 first

    def digest_at(self, version: int) -> str:
        return self.digests[(version - 1) * DIGEST_HEX: version * DIGEST_HEX]


@dataclass(frozen=True)
class StoredRecord:
    """A claim event as the event store holds it, in the order of the log."""

    version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class Finding:
    """One claim that does not match the anchor, and where it first differs."""

    claim_id: str
    version: int | None
    kind: str
    detail: str


def anchored(trail: Sequence[tuple[int, str]]) -> AnchoredClaim:
    """A claim's entry from its recorded chain: (version, hash) pairs, version 1 first."""
    return AnchoredClaim(trail[-1][0], trail[-1][1],
                         "".join(hash_[:DIGEST_HEX] for _, hash_ in trail))


def leaf(claim_id: str, claim: AnchoredClaim) -> bytes:
    return hashlib.sha256(b"\x00" + f"{claim_id}\x1f{claim.version}\x1f{claim.head}".encode()
                          ).digest()


def merkle_root(claims: dict[str, AnchoredClaim]) -> str:
    """RFC 6962's Merkle tree hash over the claims' leaves, in claim id order."""
    level = [leaf(claim_id, claims[claim_id]) for claim_id in sorted(claims)]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    return _tree_hash(level).hex()


def _tree_hash(leaves: list[bytes]) -> bytes:
    if len(leaves) == 1:
        return leaves[0]
    split = 1 << ((len(leaves) - 1).bit_length() - 1)  # the largest power of two below n
    return hashlib.sha256(b"\x01" + _tree_hash(leaves[:split]) + _tree_hash(leaves[split:])
                          ).digest()


def check_claim(claim_id: str, claim: AnchoredClaim | None,
                records: Sequence[StoredRecord]) -> Finding | None:
    """The first way the stored events (in log order, up to the anchor's position) differ
    from what the anchor vouches for; None when they match."""
    if claim is None:
        return Finding(claim_id, records[0].version if records else None, UNKNOWN,
                       "events stored before the anchor's position, of a claim it does not know")
    out_of_order = _out_of_order(records)
    if out_of_order is not None:
        return Finding(claim_id, out_of_order, REORDERED,
                       f"version {out_of_order} is stored after a later version")
    by_version = sorted(records, key=lambda r: r.version)
    missing = _first_missing(by_version, claim.version)
    if missing is not None:
        if missing > len(by_version):
            return Finding(claim_id, missing, TRUNCATED,
                           f"ends at version {len(by_version)}; the anchor vouches for"
                           f" version {claim.version}")
        return Finding(claim_id, missing, MISSING, f"version {missing} is not stored")
    return _first_changed(claim_id, claim, by_version)


def _out_of_order(records: Sequence[StoredRecord]) -> int | None:
    for earlier, later in zip(records, records[1:]):
        if later.version < earlier.version:
            return later.version
    return None


def _first_missing(by_version: Sequence[StoredRecord], anchored_version: int) -> int | None:
    for expected, record in enumerate(by_version, start=1):
        if record.version != expected:
            return expected
    return len(by_version) + 1 if len(by_version) < anchored_version else None


def _first_changed(claim_id: str, claim: AnchoredClaim,
                   by_version: Sequence[StoredRecord]) -> Finding | None:
    hashes = chain(claim_id, by_version[:claim.version])
    for version, hash_ in enumerate(hashes, start=1):
        if hash_[:DIGEST_HEX] != claim.digest_at(version):
            if _swapped(claim_id, claim, by_version, version, hashes):
                return Finding(claim_id, version, REORDERED,
                               f"versions {version} and {version + 1} hold each other's events")
            return Finding(claim_id, version, EDITED,
                           f"version {version} differs from the event the anchor saw")
    if hashes[-1] != claim.head:
        return Finding(claim_id, claim.version, EDITED,
                       f"the chain at version {claim.version} is not the anchored head")
    return None


def _swapped(claim_id: str, claim: AnchoredClaim, by_version: Sequence[StoredRecord],
             version: int, hashes: list[str]) -> bool:
    """Do versions `version` and `version + 1` match the anchor once their contents swap?"""
    if version + 1 > claim.version:
        return False
    first, second = by_version[version - 1], by_version[version]
    prev = hashes[version - 2] if version > 1 else GENESIS
    one = chain_hash(prev, claim_id, version, second.topic, second.state)
    two = chain_hash(one, claim_id, version + 1, first.topic, first.state)
    return (one[:DIGEST_HEX], two[:DIGEST_HEX]) == (claim.digest_at(version),
                                                    claim.digest_at(version + 1))


def chain(claim_id: str, records: Iterable[StoredRecord]) -> list[str]:
    """The chain hash at each version, recomputed from the stored events."""
    hashes, prev = [], GENESIS
    for record in records:
        prev = chain_hash(prev, claim_id, record.version, record.topic, record.state)
        hashes.append(prev)
    return hashes
