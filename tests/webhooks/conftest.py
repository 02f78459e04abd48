"""Fixtures of the webhook tests: a real receiver on 127.0.0.1, and webhooks composed over the
services of each backend (the address check lifted, as CASEMGMT_WEBHOOK_ALLOW_PRIVATE=1 does,
so that 127.0.0.1 may be called)."""
from __future__ import annotations

import time
from dataclasses import replace
from datetime import timedelta

import pytest

from casemgmt.bootstrap import build
from casemgmt.webhooks.backoff import RetrySchedule
from casemgmt.webhooks.wiring import compose
from tests.builders import a_team

from .receiver import Receiver, start, stop

# Retries within a test's patience: 50 ms doubling to 200 ms, given up on 2 s after the first.
QUICK = RetrySchedule(first_delay=timedelta(milliseconds=50),
                      max_delay=timedelta(milliseconds=200), budget=timedelta(seconds=2))


@pytest.fixture
def receiver():
    found = Receiver()
    server = start(found)
    yield found
    stop(found, server)


def pytest_itemcollected(item):
    """Every webhook test on a store of its own (a conftest.py's pytestmark marks nothing)."""
    item.add_marker(pytest.mark.own_store(
        "A subscription is sent every event of the store from its start: each test has a store "
        "of its own, with no other test's subscriptions or claims in its deliveries."))


@pytest.fixture
def settings(settings):
    return replace(settings, webhook_allow_private=True, webhook_timeout_s=5)


@pytest.fixture
def services(settings):
    composed = build(settings)
    yield composed
    composed.close()


@pytest.fixture
def team(services):
    return a_team(services.casemgmt)


@pytest.fixture
def webhooks(services):
    return compose(services)


def deliver_until(runner, condition, timeout: float = 20.0) -> None:
    """Run rounds until `condition()` holds (retries come due with time, so keep going)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runner.step(wait_s=0.05)
        if condition():
            return
    code = condition.__code__
    where = f"{code.co_filename.rsplit('/', 1)[-1]}:{code.co_firstlineno}"
    raise AssertionError(f"not reached in {timeout} s: the condition at {where}")
