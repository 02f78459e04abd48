"""Checking stored claim events against an anchor, without a database: each way of tampering
is named with its version, and the Merkle root moves with any head."""
from __future__ import annotations

from casemgmt.domain.audit_anchor import (
    AnchoredClaim, StoredRecord, anchored, chain, check_claim, merkle_root,
)

CLAIM = "0b5a0c1e-7f7d-4a53-9f3c-1d2e3f405060"
TOPIC = "casemgmt.domain.claim:Claim."
EVENTS = [StoredRecord(1, TOPIC + "Filed", b'{"summary":"pii:v1:a"}'),
          StoredRecord(2, TOPIC + "Assigned", b'{"assignee":"s-1"}'),
          StoredRecord(3, TOPIC + "Responded", b'{"message":"pii:v1:b"}'),
          StoredRecord(4, TOPIC + "NoteAdded", b'{"text":"pii:v1:c"}'),
          StoredRecord(5, TOPIC + "NoteAdded", b'{"text":"pii:v1:d"}')]


def the_anchor(records=EVENTS) -> AnchoredClaim:
    hashes = chain(CLAIM, records)
    return anchored(list(zip(range(1, len(hashes) + 1), hashes)))


def found(records) -> tuple:
    finding = check_claim(CLAIM, the_anchor(), records)
    return None if finding is None else (finding.version, finding.kind)


def test_the_events_the_anchor_saw_match_it():
    assert found(EVENTS) is None


def test_an_event_added_after_the_anchor_is_not_the_anchors_business():
    later = StoredRecord(6, TOPIC + "NoteAdded", b'{"text":"pii:v1:e"}')

    assert found(EVENTS + [later]) is None


def test_an_edited_event_is_named():
    edited = StoredRecord(2, TOPIC + "Assigned", b'{"assignee":"s-2"}')

    assert found([EVENTS[0], edited, *EVENTS[2:]]) == (2, "edited")


def test_a_deleted_event_is_named_as_missing():
    assert found([*EVENTS[:2], *EVENTS[3:]]) == (3, "missing")


def test_a_deleted_first_event_is_named_as_missing():
    assert found(EVENTS[1:]) == (1, "missing")


def test_two_events_holding_each_others_contents_are_named_as_reordered():
    third, fourth = EVENTS[2], EVENTS[3]
    swapped = [StoredRecord(3, fourth.topic, fourth.state),
               StoredRecord(4, third.topic, third.state)]

    assert found([*EVENTS[:2], *swapped, EVENTS[4]]) == (3, "reordered")


def test_versions_stored_out_of_log_order_are_named_as_reordered():
    assert found([EVENTS[0], EVENTS[2], EVENTS[1], *EVENTS[3:]]) == (2, "reordered")


def test_a_claim_cut_short_is_named_as_truncated_where_it_ends():
    assert found(EVENTS[:3]) == (4, "truncated")
    assert found([]) == (1, "truncated")


def test_a_claim_the_anchor_does_not_know_is_named():
    finding = check_claim(CLAIM, None, EVENTS[:1])

    assert (finding.version, finding.kind) == (1, "unknown")


def test_the_merkle_root_moves_with_any_head_and_not_with_the_order_of_the_claims():
    claims = {f"claim-{n}": AnchoredClaim(n, f"{n:064x}", "") for n in range(1, 6)}
    backwards = dict(reversed(list(claims.items())))
    moved = {**claims, "claim-3": AnchoredClaim(3, f"{99:064x}", "")}

    assert merkle_root(backwards) == merkle_root(claims)
    assert merkle_root(moved) != merkle_root(claims)
    assert len({merkle_root(dict(list(claims.items())[:n])) for n in range(1, 6)}) == 5
