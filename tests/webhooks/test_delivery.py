"""Delivery to a real receiver on 127.0.0.1, on SQLite and PostgreSQL: every claim event once,
in order per claim, signed, without personal data; retried with backoff, then given up on,
without holding up other claims or other subscriptions."""
from __future__ import annotations

import time

from casemgmt.webhooks.payloads import EVENT_TYPES, delivery_id
from casemgmt.webhooks.signing import verify
from tests.builders import a_filed_claim

from .conftest import QUICK, deliver_until
from .receiver import NO_ANSWER
from .scenario import CANARIES, a_canary_claim, a_claim_with_every_event


def subscribe(webhooks, team, url, events=("*",)):
    return webhooks.desk.subscribe(team.admin.actor, url=url, events=list(events))


def stored_claim_events(services, after: int) -> list[tuple[int, str, int]]:
    """(position, claim id, version) of every claim event stored after `after`."""
    log = services.casemgmt.recorder.select_notifications(start=after + 1, limit=10**6)
    return [(n.id, str(n.originator_id), n.originator_version) for n in log
            if n.topic.startswith("casemgmt.domain.claim:Claim.")]


def test_every_event_type_reaches_a_star_subscription_once_and_in_order_per_claim(
        services, team, webhooks, receiver):
    subscription, _ = subscribe(webhooks, team, receiver.url())
    first = a_claim_with_every_event(services, team, "C-ONE")
    second = a_claim_with_every_event(services, team, "C-TWO")
    stored = stored_claim_events(services, subscription.position)
    runner = webhooks.runner()

    deliver_until(runner, lambda: len(receiver.received) >= len(stored))
    runner.close()

    payloads = receiver.payloads()
    assert sorted(p["position"] for p in payloads) == [position for position, _, _ in stored]
    assert {p["type"] for p in payloads} == set(EVENT_TYPES)
    for claim in (first, second):
        versions = [p["version"] for p in payloads if p["claim_id"] == claim]
        assert versions == list(range(1, 31)), versions  # 30 events: 27 types, three twice
    assert len({p["delivery_id"] for p in payloads}) == len(payloads)


def test_every_delivery_is_signed_with_the_subscription_secret(services, team, webhooks,
                                                               receiver):
    _, secret = subscribe(webhooks, team, receiver.url())
    a_filed_claim(services.casemgmt, team.agent.actor)
    runner = webhooks.runner()

    deliver_until(runner, lambda: len(receiver.received) == 1)
    runner.close()

    delivery = receiver.received[0]
    assert verify(secret, delivery.body, delivery.signature, now=int(time.time()))
    assert not verify(secret, delivery.body + b" ", delivery.signature, now=int(time.time()))
    assert not verify("whsec_another", delivery.body, delivery.signature, now=int(time.time()))


def test_no_payload_carries_personal_data(services, team, webhooks, receiver):
    subscription, _ = subscribe(webhooks, team, receiver.url())
    a_claim_with_every_event(services, team)
    stored = stored_claim_events(services, subscription.position)
    runner = webhooks.runner()

    deliver_until(runner, lambda: len(receiver.received) >= len(stored))
    runner.close()

    bodies = [r.body.decode("utf-8") for r in receiver.received]
    assert len(bodies) == 30
    leaked = {canary for canary in CANARIES for body in bodies if canary in body}
    assert not leaked
    assert not any("pii:" in body for body in bodies)  # not even sealed
    filed = next(p for p in receiver.payloads() if p["type"] == "Filed")
    assert filed["data"] == {"channel": "phone", "category": "refund_delay",
                             "customer_id": "C-CANARY", "customer_tier": "vip",
                             "order_id": "O-ZQORDER-7731", "order_merchant_id": "M-9",
                             "order_amount_krw": 89_000,
                             "received_at": filed["occurred_at"]}


def test_a_delivery_answered_500_three_times_is_delivered_on_the_fourth_try(
        services, team, webhooks, receiver):
    subscription, _ = subscribe(webhooks, team, receiver.url())
    troubled = a_canary_claim(services.casemgmt, team, "C-A")
    services.casemgmt.assign(team.agent.actor, troubled, team.agent.id)
    calm = a_canary_claim(services.casemgmt, team, "C-B")
    services.casemgmt.assign(team.agent.actor, calm, team.agent.id)
    filed = position_of(services, subscription, troubled, version=1)
    failing = delivery_id(subscription.id, filed)
    receiver.script = lambda path, delivery, seen: (500 if delivery == failing and seen <= 3
                                                    else 200, 0.0)
    runner = webhooks.runner(schedule=QUICK)

    deliver_until(runner, lambda: len(receiver.received) == 4 + 3)
    runner.close()

    arrivals = [(p["claim_id"], p["version"]) for p in receiver.payloads()]
    assert arrivals.count((troubled, 1)) == 4
    assert arrivals.index((calm, 2)) < arrivals.index((troubled, 2))  # B was not held back
    assert arrivals[-1] == (troubled, 2)                              # A's 2nd waited for A's 1st
    listed = {d.position: d for d in webhooks.desk.deliveries_of(team.admin.actor, subscription.id)}
    assert (listed[filed].status, listed[filed].attempts) == ("delivered", 4)
    assert listed[filed].last_status_code == 200
    assert {d.status for d in listed.values()} == {"delivered"}


def test_a_receiver_that_never_answers_fails_after_the_budget_and_no_one_else_waits(
        services, team, webhooks, receiver):
    silent, _ = subscribe(webhooks, team, receiver.url("/silent"))
    healthy, _ = subscribe(webhooks, team, receiver.url("/healthy"))
    receiver.script = lambda path, delivery, seen: (NO_ANSWER if path == "/silent" else 200, 0.0)
    for n in range(10):  # more claims than a runner has threads for a subscription (8)
        a_canary_claim(services.casemgmt, team, f"C-{n}")
    runner = webhooks.runner(schedule=QUICK, timeout_s=2, pause_after=100)
    started = time.monotonic()

    deliver_until(runner, lambda: len(receiver.on("/healthy")) == 10, timeout=5)
    healthy_after = time.monotonic() - started
    deliver_until(runner, lambda: {d.status for d in webhooks.desk.deliveries_of(
        team.admin.actor, silent.id)} == {"failed"}, timeout=40)
    runner.close()

    assert healthy_after < 1.5  # ten 2-second timeouts elsewhere held nobody up
    given_up = webhooks.desk.deliveries_of(team.admin.actor, silent.id)
    assert len(given_up) == 10 and all(d.attempts >= 2 for d in given_up)
    assert {(d.last_error, d.last_status_code) for d in given_up} == {("timed out", None)}
    assert {d.status for d in webhooks.desk.deliveries_of(team.admin.actor, healthy.id)} == {
        "delivered"}


def test_a_subscription_whose_deliveries_keep_failing_is_paused_and_the_others_go_on(
        services, team, webhooks, receiver):
    broken, _ = subscribe(webhooks, team, receiver.url("/broken"))
    healthy, _ = subscribe(webhooks, team, receiver.url("/healthy"))
    receiver.script = lambda path, delivery, seen: (503 if path == "/broken" else 200, 0.0)
    for customer in ("C-1", "C-2", "C-3", "C-4", "C-5", "C-6"):
        a_canary_claim(services.casemgmt, team, customer)
    runner = webhooks.runner(schedule=QUICK)

    deliver_until(runner, lambda: webhooks.desk.webhook(team.admin.actor, broken.id).state == "paused")
    deliver_until(runner, lambda: len({r.body for r in receiver.on("/healthy")}) == 6)
    runner.close()

    paused = webhooks.desk.webhook(team.admin.actor, broken.id)
    assert paused.consecutive_failures >= 5  # CASEMGMT_WEBHOOK_PAUSE_AFTER's default
    assert paused.paused_reason == "paused after 5 deliveries in a row failed"
    assert webhooks.desk.webhook(team.admin.actor, healthy.id).state == "active"


def test_a_subscription_gets_only_the_types_it_names(services, team, webhooks, receiver):
    subscribe(webhooks, team, receiver.url(), events=["Closed", "FactCheckRequested"])
    a_claim_with_every_event(services, team)
    runner = webhooks.runner()

    deliver_until(runner, lambda: len(receiver.received) == 4)
    runner.run_until_idle()
    runner.close()

    assert [p["type"] for p in receiver.payloads()] == [
        "FactCheckRequested", "FactCheckRequested", "Closed", "FactCheckRequested"]


def position_of(services, subscription, claim_id: str, version: int) -> int:
    return next(position for position, claim, v in stored_claim_events(
        services, subscription.position) if claim == claim_id and v == version)
