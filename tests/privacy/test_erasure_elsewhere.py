"""An erasure made by another process reaches this one's audit feed.

The feed reads only the data keys it has not read within keystore.CACHE_SECONDS (a page of
500 events would otherwise ask for every key again); that bound is how long another process
may go on showing what was destroyed, and no longer."""
from __future__ import annotations

from casemgmt.bootstrap import build
from casemgmt.infrastructure import keystore
from casemgmt.infrastructure.sealing import ERASED
from tests.builders import a_claim_in_hand, a_customer
from tests.refs import a_customer_id


def feed_of(app, viewer, claim_id: str) -> list[dict]:
    head = app.recorder.max_notification_id()
    page = app.audit_feed(viewer, max(0, head - 50), 50)
    return [item for item in page if item["claim_id"] == claim_id]


def test_the_feed_shows_another_process_s_erasure_once_its_cached_key_is_stale(
        services, team, monkeypatch):
    app = services.casemgmt
    claim = a_claim_in_hand(app, team.agent.actor,
                            customer=a_customer(id=a_customer_id(), name="김지움"))
    claim_id = str(claim.id)
    filed = feed_of(app, team.supervisor.actor, claim_id)[0]
    assert filed["data"]["customer"]["name"] == "김지움"  # this process now holds the key

    elsewhere = build(services.settings)
    try:
        elsewhere.casemgmt.destroy_claim_data(claim_id)
    finally:
        elsewhere.close()
    monkeypatch.setattr(keystore, "CACHE_SECONDS", 0.0)  # as when the bound has passed

    filed = feed_of(app, team.supervisor.actor, claim_id)[0]
    assert filed["data"]["customer"]["name"] == ERASED
    assert filed["data"]["summary"] == ERASED
