"""The audit trail's hash, with known answers: SHA-256 over the previous hash, the claim id, the
version and the topic, each followed by the unit separator 0x1F, and then the stored bytes.

The expected values below were computed outside casemgmt, with coreutils' sha256sum, e.g.

    printf '%s\\x1f%s\\x1f1\\x1f%s\\x1f%s' "$GENESIS" "$CLAIM" "$FILED" '{"summary":"휴업"}' \\
        | sha256sum
"""
from __future__ import annotations

from casemgmt.domain.audit_chain import GENESIS, chain_hash

from .helpers import documented_hash

CLAIM = "0b6f2a4c-3d1e-4f5a-9b8c-7d6e5f4a3b2c"
FILED, ASSIGNED = "casemgmt.domain.claim:Claim.Filed", "casemgmt.domain.claim:Claim.Assigned"
FILED_STATE = '{"summary":"휴업"}'.encode()
ASSIGNED_STATE = b'{"assignee":"agent-1"}'
FIRST = "d9ee07c606513c3e52498f28e747a26530b96dd193e32660cef9fc71d31c2f2e"
SECOND = "5c4ce66fc7a1f2fd2563d1abd3382344c92df47258aa39abe6667428db665b78"


def test_the_genesis_is_sixty_four_zeros():
    assert GENESIS == "0" * 64


def test_the_first_link_hashes_to_the_known_value():
    assert chain_hash(GENESIS, CLAIM, 1, FILED, FILED_STATE) == FIRST


def test_the_second_link_hashes_the_first_links_hash_in():
    assert chain_hash(FIRST, CLAIM, 2, ASSIGNED, ASSIGNED_STATE) == SECOND


def test_the_known_values_follow_the_documented_layout():
    assert documented_hash(GENESIS, CLAIM, 1, FILED, FILED_STATE) == FIRST
    assert documented_hash(FIRST, CLAIM, 2, ASSIGNED, ASSIGNED_STATE) == SECOND


def test_the_same_event_after_another_previous_hash_hashes_differently():
    after_genesis = chain_hash(GENESIS, CLAIM, 2, ASSIGNED, ASSIGNED_STATE)

    assert after_genesis != SECOND
    assert after_genesis == "58a29dc3680950975708f3ab3a60399c861bb09b9df9b2f7dfef12401fabf2ab"


def test_every_part_of_the_event_changes_the_hash():
    variants = [chain_hash(FIRST, "another-claim", 2, ASSIGNED, ASSIGNED_STATE),
                chain_hash(FIRST, CLAIM, 3, ASSIGNED, ASSIGNED_STATE),
                chain_hash(FIRST, CLAIM, 2, FILED, ASSIGNED_STATE),
                chain_hash(FIRST, CLAIM, 2, ASSIGNED, ASSIGNED_STATE + b" ")]

    assert SECOND not in variants and len(set(variants)) == len(variants)
