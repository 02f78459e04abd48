"""A claim's snapshot opened once serves the next loads of it (infrastructure/opened_snapshots.py):
each load must still be the claim as stored, whatever was done to the last one loaded, and
what this process keeps opened must never outlive the claim's key: an erasure here drops it
at once, one elsewhere as soon as this process sees the key gone. Snapshots every 3 events
(tests/privacy/conftest.py)."""
from __future__ import annotations

from casemgmt.bootstrap import build
from casemgmt.infrastructure import keystore
from casemgmt.infrastructure.sealing import ERASED
from tests.application.expect import stored_events
from tests.builders import a_claim_in_hand, a_customer
from tests.refs import a_customer_id


def a_noted_claim(app, team, clock, notes: int = 7):
    """A claim with snapshots at 3, 6 and 9: filed, taken and noted."""
    claim = a_claim_in_hand(app, team.agent.actor,
                            customer=a_customer(id=a_customer_id(), name="김보관"))
    for n in range(notes):
        clock.advance(minutes=1)
        app.add_note(team.agent.actor, claim.id, f"통화 메모 {n}")
    return app.get_claim(claim.id)


def as_stored(app, claim_id, version: int) -> dict:
    """The claim's state at `version` rebuilt from its events alone."""
    claim = None
    for event in stored_events(app, claim_id)[:version]:
        claim = event.mutate(claim)
    return visible(claim)


def visible(claim) -> dict:
    return {name: value for name, value in vars(claim).items() if not name.startswith("_")} | {
        "version": claim.version}


def test_a_claim_loaded_again_is_as_stored_whatever_was_done_to_the_last_one_loaded(
        app, team, clock):
    claim = a_noted_claim(app, team, clock)  # version 9: its snapshot at 9 opens on load
    for load in (lambda: app.get_claim(claim.id), lambda: app.claim_at_version(claim.id, 6)):
        first = load()
        first.add_note("저장되지 않은 메모", by=team.agent.actor, at=clock.now())
        first.customer.name = "바뀐 이름"
        first.notes.clear()

        again = load()

        assert visible(again) == as_stored(app, claim.id, again.version)
        assert again.customer.name == "김보관" and again.notes


def test_an_erasure_here_drops_the_opened_snapshots_at_once(app, team, clock):
    claim = a_noted_claim(app, team, clock)
    assert app.claim_at_version(claim.id, 6).customer.name == "김보관"

    app.erase_customer(claim.customer.id, "정보주체 삭제 요청", by=team.supervisor.actor)

    assert not app.keys.opened.holds(str(claim.id))
    assert app.claim_at_version(claim.id, 6).customer.name == ERASED
    assert app.get_claim(claim.id).notes[0].text == ERASED


def test_a_key_destroyed_elsewhere_is_not_hidden_by_a_snapshot_opened_here(
        services, app, team, clock, monkeypatch):
    """Another process destroyed the key and has not yet deleted the snapshots (it does so
    next, in a transaction of its own): the snapshot still stored must not open from here."""
    claim = a_noted_claim(app, team, clock)
    assert app.get_claim(claim.id).customer.name == "김보관"  # opened here, key cached

    elsewhere = build(services.settings)
    try:
        assert elsewhere.casemgmt.keys.destroy_claim(str(claim.id))
    finally:
        elsewhere.close()
    monkeypatch.setattr(keystore, "CACHE_SECONDS", 0.0)  # as when the key's bound has passed

    loaded = app.get_claim(claim.id)

    assert loaded.customer.name == ERASED and loaded.summary == ERASED
    assert loaded.version == claim.version
    assert not app.keys.opened.holds(str(claim.id))
