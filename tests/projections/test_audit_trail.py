"""The audit trail: one hash-chained row per claim event (what tampering with the store shows:
test_audit_trail_tampering.py; the hash itself, with known answers: test_chain_hash.py)."""
from __future__ import annotations

from uuid import UUID

from casemgmt.domain.audit_chain import GENESIS, verify_chain as verify
from casemgmt.projections.audit_trail import recorded_trail
from casemgmt.projections.base import CLAIM_TOPIC_PREFIX
from tests.builders import a_claim_in_hand

from .helpers import audit_trail_keys, documented_hash, duplicates, stored_claim_events
from .scenarios import a_busy_week


def test_one_chained_row_per_claim_event(services, app, team, clock):
    position = app.recorder.max_notification_id() or 0
    ids = a_busy_week(app, team, clock)
    services.projections.catch_up()

    stored = stored_claim_events(app, since=position)
    keys = audit_trail_keys(services.db, list(ids.values()))
    assert not duplicates(keys)
    assert sorted(keys) == sorted((claim_id, version) for claim_id, version, _ in stored)

    notifications = {(str(n.originator_id), n.originator_version): n
                     for n in app.recorder.select_notifications(start=position + 1,
                                                                limit=10**6)}
    for claim_id in ids.values():
        trail = recorded_trail(services.db, claim_id)
        events = app.claim_events(claim_id)
        assert [entry.version for entry in trail] == list(range(1, len(events) + 1))
        assert trail[0].prev_hash == GENESIS
        for previous, entry in zip(trail, trail[1:]):
            assert entry.prev_hash == previous.hash
        for entry, event in zip(trail, events):
            n = notifications[(claim_id, entry.version)]
            assert entry.position == n.id
            assert entry.event_type == n.topic.removeprefix(CLAIM_TOPIC_PREFIX)
            assert entry.event_type == type(event).__name__
            assert entry.hash == documented_hash(entry.prev_hash, claim_id, entry.version,
                                                 n.topic, n.state)
            assert (entry.occurred_at, entry.actor) == (event.at, event.by)
        assert verify(app.recorder.select_events(UUID(claim_id)), trail)
    assert len({entry.hash for claim_id in ids.values()
                for entry in recorded_trail(services.db, claim_id)}) == len(stored)


def test_the_chain_carries_over_from_one_catch_up_to_the_next(services, app, team, clock):
    claim = a_claim_in_hand(app, team.agent.actor)
    services.projections.catch_up()
    app.respond(team.agent.actor, claim.id, "확인 중", "phone")
    services.projections.catch_up()
    app.add_note(team.agent.actor, claim.id, "메모")
    services.projections.catch_up()
    trail = recorded_trail(services.db, str(claim.id))
    assert [e.version for e in trail] == [1, 2, 3, 4]
    assert [e.prev_hash for e in trail] == [GENESIS] + [e.hash for e in trail[:-1]]
    assert verify(app.recorder.select_events(claim.id), trail)
