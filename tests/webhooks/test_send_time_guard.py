"""The address check again at send time, on both backends: a host name that pointed outside
when it was subscribed and points inside now is not called (DNS rebinding), and a delivery
goes to the very address that was checked, with the URL's host in its Host header."""
from __future__ import annotations

from dataclasses import replace

import pytest

from casemgmt.bootstrap import build
from casemgmt.webhooks.wiring import compose
from tests.builders import a_filed_claim

from .conftest import QUICK, deliver_until


class Rebinding:
    """A resolver whose answer for a name changes after the first question."""

    def __init__(self, first: str, later: str):
        self.answers = [first, later]
        self.asked = 0

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked += 1
        return [self.answers[min(self.asked - 1, 1)]]


@pytest.fixture
def settings(settings):
    return replace(settings, webhook_allow_private=False)


def test_a_name_that_points_inside_at_send_time_is_not_called(services, team, receiver):
    resolver = Rebinding(first="8.8.8.8", later="127.0.0.1")
    webhooks = compose(services, resolver=resolver)
    subscription, _ = webhooks.desk.subscribe(
        team.admin.actor, url=f"http://hooks.example.test:{receiver.port}/hook", events=["*"])
    a_filed_claim(services.casemgmt, team.agent.actor)
    runner = webhooks.runner(schedule=QUICK)

    deliver_until(runner, lambda: webhooks.desk.deliveries_of(
        team.admin.actor, subscription.id)[0].attempts >= 2)
    runner.close()

    tried = webhooks.desk.deliveries_of(team.admin.actor, subscription.id)[0]
    assert receiver.received == []
    assert tried.last_error == "refused: 127.0.0.1 is a loopback address"
    assert tried.status in ("pending", "failed")


def test_the_connection_goes_to_the_checked_address_under_the_urls_host(
        settings, team, receiver):
    allowed = build(replace(settings, webhook_allow_private=True))
    try:
        webhooks = compose(allowed, resolver=lambda host, port: ["127.0.0.1"])
        webhooks.desk.subscribe(team.admin.actor, url=f"http://hooks.example.test:{receiver.port}/in",
                                events=["*"])
        a_filed_claim(allowed.casemgmt, team.agent.actor)
        runner = webhooks.runner()

        deliver_until(runner, lambda: len(receiver.received) == 1)
        runner.close()
    finally:
        allowed.close()

    assert receiver.received[0].host == f"hooks.example.test:{receiver.port}"
    assert receiver.received[0].path == "/in"
