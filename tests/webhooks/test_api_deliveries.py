"""Deliveries as an admin sees them through the API, on both backends: listed by status, and
sent again from a log position (reaching back before the subscription), with a real receiver."""
from __future__ import annotations

from casemgmt.api.webhooks import webhooks

from .conftest import QUICK, deliver_until

WEBHOOKS = "/api/v1/webhooks"


def subscribe(api, url: str) -> dict:
    response = api.post(WEBHOOKS, {"url": url, "events": ["*"]}, api.team.admin)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def listed(api, webhook_id: str, query: str = "") -> dict:
    response = api.get(f"{WEBHOOKS}/{webhook_id}/deliveries{query}", api.team.admin)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_deliveries_are_listed_by_status_a_page_at_a_time(api, receiver):
    up = subscribe(api, receiver.url("/up"))
    down = subscribe(api, receiver.url("/down"))
    receiver.script = lambda path, delivery, seen: (200 if path == "/up" else 500, 0.0)
    for _ in range(2):
        api.take(api.file_claim()["id"])
    composed = webhooks(api.client.application)
    runner = composed.runner(schedule=QUICK)
    runner.fan_out()  # the runner's first step: deliveries made from the log, none sent yet
    waiting = listed(api, up["id"], "?status=pending")["items"]

    deliver_until(runner, lambda: len(composed.desk.deliveries_of(  # not over HTTP: rate limit
        api.team.admin.actor, down["id"], status="failed")) == 2)
    runner.close()

    assert [d["type"] for d in waiting] == ["Filed", "Assigned", "Filed", "Assigned"]
    assert [d["status"] for d in listed(api, up["id"])["items"]] == ["delivered"] * 4
    failed = listed(api, down["id"], "?status=failed")["items"]
    assert [d["type"] for d in failed] == ["Filed", "Filed"]
    assert failed[0]["last_status_code"] == 500 and failed[0]["attempts"] >= 2
    first_page = listed(api, up["id"], "?limit=3")
    rest = listed(api, up["id"], f"?limit=3&after={first_page['next_cursor']}")
    assert len(first_page["items"]) == 3 and len(rest["items"]) == 1
    assert rest["next_cursor"] is None
    received = {p["delivery_id"] for p in receiver.payloads("/up")}
    assert {d["delivery_id"] for d in listed(api, up["id"])["items"]} == received


def test_a_redelivery_sends_again_with_the_same_ids_and_reaches_back_before_the_subscription(
        api, receiver):
    older = api.file_claim()["id"]
    from_position = api.last_position()
    created = subscribe(api, receiver.url())
    newer = api.file_claim()["id"]
    runner = webhooks(api.client.application).runner()
    deliver_until(runner, lambda: len(receiver.received) == 1)
    first_time = receiver.payloads()[0]

    response = api.post(f"{WEBHOOKS}/{created['id']}/redeliveries",
                        {"from_position": from_position}, api.team.admin)
    deliver_until(runner, lambda: len(receiver.received) == 3)
    runner.close()

    assert response.status_code == 200
    assert response.get_json() == {"from_position": from_position, "requeued": 1}
    assert first_time["claim_id"] == newer  # a new subscription starts with what comes next
    again = receiver.payloads()[1:]
    assert sorted(p["claim_id"] for p in again) == sorted([older, newer])
    assert next(p for p in again if p["claim_id"] == newer) == first_time
