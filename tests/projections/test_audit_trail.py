"""The audit trail: one hash-chained row per claim event, and what tampering with it shows."""
from __future__ import annotations

from collections import defaultdict
from uuid import UUID

import pytest

from casemgmt.api import create_app
from casemgmt.domain.audit_chain import GENESIS, chain_hash, verify_chain as verify
from casemgmt.projections.audit_trail import recorded_trail
from casemgmt.projections.base import CLAIM_TOPIC_PREFIX
from tests.builders import a_claim_in_hand

from .helpers import (
    audit_trail_keys, delete_stored_event, dump_views, duplicates, overwrite_stored_state,
    read_stored_state, stored_claim_events,
)
from .scenarios import a_busy_week


def test_one_chained_row_per_claim_event(services, app, team, clock):
    ids = a_busy_week(app, team, clock)
    services.projections.catch_up()

    stored = stored_claim_events(app)
    keys = audit_trail_keys(services.db)
    assert not duplicates(keys)
    assert sorted(keys) == sorted((claim_id, version) for claim_id, version, _ in stored)

    notifications = {(str(n.originator_id), n.originator_version): n
                     for n in app.recorder.select_notifications(start=1, limit=10**6)}
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
            assert entry.hash == chain_hash(entry.prev_hash, claim_id, entry.version, n.topic,
                                            n.state)
            assert (entry.occurred_at, entry.actor) == (event.at, event.by)
        assert verify(app.recorder.select_events(UUID(claim_id)), trail)
    assert len({entry.hash for claim_id in ids.values()
                for entry in recorded_trail(services.db, claim_id)}) == len(stored)


def test_the_chain_carries_over_from_one_catch_up_to_the_next(services, app, team, clock):
    claim = a_claim_in_hand(app, team.agent)
    services.projections.catch_up()
    app.respond(team.agent, claim.id, "확인 중", "phone")
    services.projections.catch_up()
    app.add_note(team.agent, claim.id, "메모")
    services.projections.catch_up()
    trail = recorded_trail(services.db, str(claim.id))
    assert [e.version for e in trail] == [1, 2, 3, 4]
    assert [e.prev_hash for e in trail] == [GENESIS] + [e.hash for e in trail[:-1]]
    assert verify(app.recorder.select_events(claim.id), trail)


@pytest.fixture
def tampered(services, app, team, clock, settings):
    """Four claims after catch-up; then one edited, one garbled and one cut in the store."""
    claims = {}
    for name in ("edited", "garbled", "cut", "untouched"):
        claim = a_claim_in_hand(app, team.agent)
        clock.advance(minutes=5)
        app.respond(team.agent, claim.id, "불편을 드려 죄송합니다.", "phone")
        app.add_note(team.agent, claim.id, f"{name} 메모")
        claims[name] = str(claim.id)
    services.projections.catch_up()

    # v2 is the assignment: hand it to someone else, in bytes that still decode.
    original = read_stored_state(settings, claims["edited"], 2)
    assert team.agent.id.encode() in original
    overwrite_stored_state(settings, claims["edited"], 2,
                           original.replace(team.agent.id.encode(), team.other_agent.id.encode()))
    overwrite_stored_state(settings, claims["garbled"], 2, b"\x00\xffnot an event")
    delete_stored_event(settings, claims["cut"], 3)
    return claims


def test_verify_finds_the_edited_the_garbled_and_the_cut_claim_only(tampered, services, app):
    verdicts = {name: verify(app.recorder.select_events(UUID(claim_id)),
                             recorded_trail(services.db, claim_id))
                for name, claim_id in tampered.items()}
    assert verdicts == {"edited": False, "garbled": False, "cut": False, "untouched": True}


def test_the_history_endpoint_shows_the_same_verdicts(tampered, services, app):
    _, token = app.add_staff("감사인", "auditor")
    client = create_app(services=services).test_client()

    def history(name):
        response = client.get(f"/api/v1/claims/{tampered[name]}/history",
                              headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200, (name, response.get_data(as_text=True))
        return response.get_json()

    bodies = {name: history(name) for name in tampered}
    assert {name: body["verified"] for name, body in bodies.items()} == {
        "edited": False, "garbled": False, "cut": False, "untouched": True}

    garbled = bodies["garbled"]["events"]
    assert [e["version"] for e in garbled] == [1, 2, 3, 4]
    assert (garbled[1]["type"], garbled[1]["data"], garbled[1]["actor"]) == ("Assigned", None, None)
    assert all(e["data"] is not None for e in garbled if e["version"] != 2)
    assert [e["version"] for e in bodies["cut"]["events"]] == [1, 2, 4]
    untouched = bodies["untouched"]["events"]
    assert untouched[0]["prev_hash"] == GENESIS
    assert [e["prev_hash"] for e in untouched[1:]] == [e["hash"] for e in untouched[:-1]]
    assert bodies["edited"]["events"][1]["data"]["assignee"] != \
        bodies["untouched"]["events"][1]["data"]["assignee"]


def test_a_garbled_event_does_not_stop_the_views(tampered, services, app, team):
    """One event that no longer decodes must not hold every other claim's rows back."""
    later = a_claim_in_hand(app, team.agent)
    services.projections.rebuild()  # meets the garbled event again, then the later ones

    head = app.recorder.max_notification_id()
    assert set(services.projections.positions().values()) == {head}
    keys = audit_trail_keys(services.db)
    assert sorted(keys) == sorted((c, v) for c, v, _ in stored_claim_events(app))
    rows = {row[0] for row in dump_views(services)["work_queue"]}
    assert rows == set(tampered.values()) | {str(later.id)}
    by_version = defaultdict(list)
    for claim_id, version in keys:
        by_version[claim_id].append(version)
    assert sorted(by_version[tampered["garbled"]]) == [1, 2, 3, 4]
