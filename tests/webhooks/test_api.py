"""The webhook API for admins, as CASEMGMT_WEBHOOK_ALLOW_PRIVATE leaves it unset: subscribing
(the secret shown once), the SSRF guard's refusals, pausing and resuming (seen in /readyz and
/metrics), deleting; every status observed is documented (tests/api's kit checks)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest
from cryptography.exceptions import InvalidTag

from casemgmt.infrastructure.webhook_store import SubscriptionStore
from casemgmt.webhooks.records import Subscription
from tests.http import a_problem

WEBHOOKS = "/api/v1/webhooks"
PUBLIC = "https://8.8.8.8/casemgmt/events"  # public, and needs no DNS; nothing is sent to it
ROLES = ("agent", "supervisor", "auditor", "scheduler")
MASTER_KEY = "q7Dk3yq0Jm0oU8lY1dXhQ5u0oH2mKXmVq9xJ8y6Jb0U="
OTHER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="


@pytest.fixture
def settings(settings):
    return replace(settings, webhook_allow_private=False)


def subscribed(api, **overrides) -> dict:
    body = {"url": PUBLIC, "events": ["*"], "description": "알림톡 게이트웨이", **overrides}
    response = api.post(WEBHOOKS, body, api.team.admin)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def test_an_admin_subscribes_and_sees_the_secret_once(api):
    created = subscribed(api, events=["AgencyDeadlineApproaching", "FactCheckRequested"])

    shown = api.get(f"{WEBHOOKS}/{created['id']}", api.team.admin).get_json()
    listed = api.get(WEBHOOKS, api.team.admin).get_json()
    assert created["secret"].startswith("whsec_")
    assert created["events"] == ["AgencyDeadlineApproaching", "FactCheckRequested"]
    assert created["description"] == "알림톡 게이트웨이"
    assert (shown["state"], shown["url"]) == ("active", PUBLIC)
    assert "secret" not in shown and all("secret" not in item for item in listed)
    assert [item["id"] for item in listed] == [created["id"]]


INSIDE = ["http://127.0.0.1/hook", "http://10.0.0.1/hook", "http://[::1]/hook",
          "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
          "http://localhost:8080/hook", "http://[::ffff:127.0.0.1]/hook",
          "http://2130706433/hook", "gopher://8.8.8.8/", "https://admin:pw@8.8.8.8/hook",
          "http://no-such-host.invalid/hook"]


def test_urls_to_the_inside_or_not_http_are_refused(api):
    answers = {url: api.post(WEBHOOKS, {"url": url, "events": ["*"]}, api.team.admin)
               for url in INSIDE}

    for url, response in answers.items():
        body = a_problem(response, 422)
        assert body["rule"] == "webhook.url_refused" and "url" in body["errors"], url
    assert api.get(WEBHOOKS, api.team.admin).get_json() == []


def test_unknown_missing_or_contradictory_event_types_are_refused(api):
    choices = [["Closed", "Clozed"], ["*", "Closed"], [], ["claim.closed"]]

    answers = [api.post(WEBHOOKS, {"url": PUBLIC, "events": events}, api.team.admin)
               for events in choices]

    for events, response in zip(choices, answers):
        assert a_problem(response, 422)["rule"] == "webhook.events", events


def test_only_admins_manage_webhooks(api):
    created = subscribed(api)
    one = f"{WEBHOOKS}/{created['id']}"

    for role in ROLES:
        member = getattr(api.team, role)
        refused = [api.post(WEBHOOKS, {"url": PUBLIC, "events": ["*"]}, member),
                   api.get(WEBHOOKS, member), api.get(one, member),
                   api.get(f"{one}/deliveries", member), api.post(f"{one}/pause", None, member),
                   api.post(f"{one}/redeliveries", {"from_position": 1}, member),
                   api.client.delete(one, headers=member.auth)]
        for response in refused:
            a_problem(response, 403, "role-not-allowed")


def test_a_paused_webhook_degrades_readiness_without_making_the_service_not_ready(api):
    created = subscribed(api)

    paused = api.post(f"{WEBHOOKS}/{created['id']}/pause", None, api.team.admin).get_json()
    ready = api.get("/readyz")
    metrics = api.get("/metrics").get_data(as_text=True)

    assert (paused["state"], paused["paused_reason"]) == ("paused", "paused by an admin")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"
    assert ready.get_json()["checks"]["webhooks"] == {
        "ok": False, "paused": [created["id"]], "affects_readiness": False}
    assert f'casemgmt_webhook_paused{{subscription="{created["id"]}"}} 1' in metrics
    assert f'casemgmt_webhook_deliveries{{subscription="{created["id"]}",status="pending"}} 0' \
        in metrics


def test_a_resumed_webhook_is_active_again_and_readiness_is_clear(api):
    created = subscribed(api)
    api.post(f"{WEBHOOKS}/{created['id']}/pause", None, api.team.admin)

    resumed = api.post(f"{WEBHOOKS}/{created['id']}/resume", None, api.team.admin).get_json()

    assert (resumed["state"], resumed["paused_reason"]) == ("active", None)
    assert api.get("/readyz").get_json()["checks"]["webhooks"]["ok"] is True


def test_a_deleted_webhook_is_gone(api):
    created = subscribed(api)

    deleted = api.client.delete(f"{WEBHOOKS}/{created['id']}", headers=api.team.admin.auth)

    assert deleted.status_code == 200 and deleted.get_json()["id"] == created["id"]
    for response in (api.get(f"{WEBHOOKS}/{created['id']}", api.team.admin),
                     api.get(f"{WEBHOOKS}/{created['id']}/deliveries", api.team.admin),
                     api.post(f"{WEBHOOKS}/{created['id']}/resume", None, api.team.admin),
                     api.client.delete(f"{WEBHOOKS}/{created['id']}",
                                       headers=api.team.admin.auth)):
        a_problem(response, 404, "webhook-not-found")


def test_a_redelivery_from_a_position_the_log_has_not_reached_is_refused(api):
    created = subscribed(api)
    beyond = api.last_position() + 1

    response = api.post(f"{WEBHOOKS}/{created['id']}/redeliveries", {"from_position": beyond},
                        api.team.admin)
    zero = api.post(f"{WEBHOOKS}/{created['id']}/redeliveries", {"from_position": 0},
                    api.team.admin)

    assert a_problem(response, 422)["rule"] == "webhook.from_position"
    assert "from_position" in a_problem(zero, 422)["errors"]


def test_deliveries_are_listed_by_a_known_status_only(api):
    created = subscribed(api)

    response = api.get(f"{WEBHOOKS}/{created['id']}/deliveries?status=lost", api.team.admin)

    assert "status" in a_problem(response, 422)["errors"]


def test_the_secret_is_stored_sealed_when_a_master_key_is_set(api):
    sealing = SubscriptionStore(api.services.db, master_key_b64=MASTER_KEY)
    other_key = SubscriptionStore(api.services.db, master_key_b64=OTHER_KEY)
    sealing.add(a_subscription("sealed"), "whsec_canary-secret")

    with api.services.db.transaction(write=False) as cur:
        cur.execute("SELECT secret FROM webhook_subscriptions WHERE id = 'sealed'")
        stored = cur.fetchone()[0]

    assert stored.startswith("aes:") and "canary-secret" not in stored
    assert sealing.secrets(["sealed"]) == {"sealed": "whsec_canary-secret"}
    with pytest.raises(InvalidTag):
        other_key.secrets(["sealed"])


def a_subscription(subscription_id: str) -> Subscription:
    now = datetime.now(timezone.utc)
    return Subscription(id=subscription_id, url=PUBLIC, events=["*"], description="",
                        state="active", paused_reason=None, consecutive_failures=0, position=0,
                        created_by="admin", created_at=now, changed_at=now)
