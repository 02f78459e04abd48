"""Tampering with the event store behind the audit trail's back: an edited, a garbled and a cut
claim, found by verification, shown by the history endpoint, and not stopping the views.

The store is tampered with, so each test has one of its own."""
from __future__ import annotations

import json
from collections import defaultdict
from uuid import UUID

import pytest

from casemgmt.domain.audit_chain import GENESIS
from casemgmt.domain.audit_chain import verify_chain as verify
from casemgmt.projections.audit_trail import recorded_trail
from tests.builders import a_claim_in_hand

from .helpers import (
    audit_trail_keys,
    delete_stored_event,
    dump_views,
    overwrite_stored_state,
    read_stored_state,
    stored_claim_events,
)

pytestmark = pytest.mark.own_store("These tests need an empty store: each has one of its own.")


@pytest.fixture
def tampered(services, app, team, clock):
    """Four claims after catch-up; then one edited, one garbled and one cut in the store."""
    settings, agent = services.settings, team.agent.actor
    claims = {}
    for name in ("edited", "garbled", "cut", "untouched"):
        claim = a_claim_in_hand(app, agent)
        clock.advance(minutes=5)
        app.respond(agent, claim.id, "불편을 드려 죄송합니다.", "phone")
        app.add_note(agent, claim.id, f"{name} 메모")
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


def test_the_history_endpoint_shows_the_same_verdicts(tampered, api):
    def history(name):
        response = api.get(f"/api/v1/claims/{tampered[name]}/history", api.team.auditor)
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
    later = a_claim_in_hand(app, team.agent.actor)
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


def test_an_event_that_decodes_without_its_time_shows_as_undecodable_in_history_and_feed(
        services, app, team, api):
    """Bytes that still parse but lost the event's `at` are a damaged event, shown as such
    (type only), not a 500 for every auditor reading the claim or the feed."""
    claim = a_claim_in_hand(app, team.agent.actor)
    app.add_note(team.agent.actor, claim.id, "메모")
    stored = json.loads(read_stored_state(services.settings, str(claim.id), 2))
    del stored["at"]
    overwrite_stored_state(services.settings, str(claim.id), 2, json.dumps(stored).encode())

    history = api.get(f"/api/v1/claims/{claim.id}/history", api.team.auditor)
    feed = api.get("/api/v1/audit/events?after=0&limit=500", api.team.auditor)

    assert history.status_code == 200 and feed.status_code == 200
    shown = {e["version"]: e for e in history.get_json()["events"]}
    assert (shown[2]["type"], shown[2]["occurred_at"], shown[2]["data"]) == ("Assigned", None,
                                                                             None)
    assert shown[3]["data"]["text"] == "메모"
    in_feed = [e for e in feed.get_json()["items"] if e["claim_id"] == str(claim.id)]
    assert [(e["version"], e["data"] is None) for e in in_feed] == [(1, False), (2, True),
                                                                     (3, False)]
