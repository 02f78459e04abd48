"""The rate limits of a real `casemgmt serve --workers 2` hold across its worker processes:
a token gets its rate once in all, not once per worker; an address guessing tokens is
throttled by every worker alike.

Requests go out on keep-alive connections held by both workers (tests/reliability/workers.py
reads which worker holds which). Bounds allow for what the buckets refill while the test runs,
measured, so a slow machine loosens them only by what it really took.
"""
from __future__ import annotations

import math
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.api.live import running_server, staff_add

from .workers import Connection, connections_to_every_worker

PER_MINUTE = 30        # the token's rate and burst
UNAUTHENTICATED = 60   # failed authentications an address may make at once (the default)
WORKERS = 2

pytestmark = pytest.mark.own_store(
    "A served store with no backlog: on the session's store the server's background process"
    " first projects what the other tests wrote, and `staff add` may wait past its lock"
    " timeout for SQLite's one writer.")


@pytest.fixture
def server(database_url, tmp_path):
    with running_server(database_url, tmp_path, workers=WORKERS, settings={
            "CASEMGMT_RATE_LIMIT_PER_MINUTE": str(PER_MINUTE),
            "CASEMGMT_RATE_LIMIT_DIR": str(tmp_path / "limits")}) as live:
        yield live


@pytest.fixture
def connections(server):
    """Kept-alive connections to both workers, closed before the server stops (a worker
    holding an open one waits out the graceful timeout)."""
    opened = connections_to_every_worker(server.url, server.pid, WORKERS)
    yield opened
    for connection in opened:
        connection.close()


def burst(connections: list[Connection], path: str, headers: dict, each: int) -> float:
    """`each` requests on every connection at once; returns the seconds it took."""
    for connection in connections:
        connection.answers.clear()
    started = time.monotonic()
    with ThreadPoolExecutor(len(connections)) as pool:
        list(pool.map(lambda c: [c.get(path, headers) for _ in range(each)], connections))
    return time.monotonic() - started


def by_worker(connections: list[Connection], status: int) -> Counter:
    return Counter(a.worker for c in connections for a in c.answers if a.status == status)


def refilled(seconds: float, per_minute: int) -> int:
    return math.ceil(seconds * per_minute / 60) + 1


@pytest.mark.slow
def test_a_tokens_rate_holds_across_the_workers(server, connections):
    token = staff_add(server.database_url, "박지은", "agent")["token"]
    each = math.ceil(2.5 * PER_MINUTE / len(connections))

    took = burst(connections, "/api/v1/claims", {"Authorization": f"Bearer {token}"}, each)

    allowed, refused = by_worker(connections, 200), by_worker(connections, 429)
    sent = Counter(a.worker for c in connections for a in c.answers)
    slack = refilled(took, PER_MINUTE)
    # with a bucket per worker, this spread would have let more through than the bound below
    assert sum(min(n, PER_MINUTE) for n in sent.values()) > PER_MINUTE + slack, sent
    assert len(allowed) == WORKERS, allowed            # both workers answered
    assert PER_MINUTE <= sum(allowed.values()) <= PER_MINUTE + slack, (allowed, took)
    assert sum(allowed.values()) + sum(refused.values()) == sum(sent.values())
    limited = [a for c in connections for a in c.answers if a.status in (200, 429)]
    assert all(a.headers["RateLimit-Limit"] == str(PER_MINUTE) for a in limited)
    assert all("Retry-After" in a.headers for a in limited if a.status == 429)


@pytest.mark.slow
def test_an_address_guessing_tokens_is_throttled_by_every_worker_alike(connections):
    each = math.ceil(160 / len(connections))

    took = burst(connections, "/api/v1/claims", {"Authorization": "Bearer cm_guess"}, each)

    failed, throttled = by_worker(connections, 401), by_worker(connections, 429)
    sent = Counter(a.worker for c in connections for a in c.answers)
    slack = refilled(took, UNAUTHENTICATED)
    # with a bucket per worker, this spread would have let more through than the bound below
    assert sum(min(n, UNAUTHENTICATED) for n in sent.values()) > UNAUTHENTICATED + slack, sent
    assert len(failed) == WORKERS, failed
    assert UNAUTHENTICATED <= sum(failed.values()) <= UNAUTHENTICATED + slack, (failed, took)
    assert sum(failed.values()) + sum(throttled.values()) == sum(sent.values())
