"""Fail fast, recover alone: with PostgreSQL stopped under a running `casemgmt serve`, requests
answer 503 problem+json with Retry-After within 3 s and /readyz within 1 s; once it is back,
the first request succeeds, without restarting the server.

The cluster is the test's own (initdb into a temporary directory): the shared server on 5432
is never stopped."""
from __future__ import annotations

import os
import re
import signal
import time

import pytest
import requests

from tests.builders import an_intake
from tests.http import CLAIMS
from tests.api.live import running_server, staff_add

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def timed(method: str, url: str, **kwargs) -> tuple[requests.Response, float]:
    started = time.monotonic()
    response = requests.request(method, url, timeout=30, **kwargs)
    return response, time.monotonic() - started


def test_requests_answer_503_fast_while_postgres_is_down_and_succeed_once_it_is_back(
        private_postgres, tmp_path):
    agent = staff_add(private_postgres.url, "박지은", "agent", 30_000)
    auth = {"Authorization": f"Bearer {agent['token']}"}
    with running_server(private_postgres.url, tmp_path) as server:
        assert requests.post(f"{server.url}{CLAIMS}", json=an_intake(), headers=auth,
                             timeout=10).status_code == 201

        private_postgres.stop()
        filed, filing_took = timed("POST", f"{server.url}{CLAIMS}", json=an_intake(),
                                   headers=auth)
        listed, listing_took = timed("GET", f"{server.url}{CLAIMS}", headers=auth)
        ready, readiness_took = timed("GET", f"{server.url}/readyz")
        private_postgres.start()
        first, _ = timed("GET", f"{server.url}{CLAIMS}", headers=auth)
        then_filed, _ = timed("POST", f"{server.url}{CLAIMS}", json=an_intake(), headers=auth)

    for answer, took in ((filed, filing_took), (listed, listing_took)):
        assert answer.status_code == 503 and took <= 3.0
        assert answer.headers["Content-Type"] == "application/problem+json"
        assert int(answer.headers["Retry-After"]) >= 1
    assert ready.status_code == 503 and readiness_took <= 1.0
    assert ready.json()["checks"]["database"]["ok"] is False
    assert first.status_code == 200 and len(first.json()["items"]) == 1
    assert then_filed.status_code == 201


def test_after_a_restart_no_request_saw_the_first_requests_succeed(private_postgres, tmp_path):
    agent = staff_add(private_postgres.url, "박지은", "agent", 30_000)
    auth = {"Authorization": f"Bearer {agent['token']}"}
    with running_server(private_postgres.url, tmp_path) as server:
        for _ in range(4):  # every worker's pool holds idle connections now
            requests.post(f"{server.url}{CLAIMS}", json=an_intake(), headers=auth, timeout=10)
            requests.get(f"{server.url}{CLAIMS}", headers=auth, timeout=10)

        private_postgres.stop()  # each of those connections is broken from here on
        private_postgres.start()
        answers = [requests.get(f"{server.url}{CLAIMS}", headers=auth, timeout=10)
                   for _ in range(3)]
        answers += [requests.post(f"{server.url}{CLAIMS}", json=an_intake(), headers=auth,
                                  timeout=10) for _ in range(3)]

    assert [a.status_code for a in answers] == [200] * 3 + [201] * 3


def test_workers_started_while_postgres_is_down_answer_503_then_serve_once_it_is_back(
        private_postgres, tmp_path):
    """A worker that boots during an outage (restarted after a crash, or still booting when
    the outage began) used to fail its boot, and gunicorn then stopped the whole server."""
    agent = staff_add(private_postgres.url, "박지은", "agent", 30_000)
    auth = {"Authorization": f"Bearer {agent['token']}"}
    with running_server(private_postgres.url, tmp_path, workers=2) as server:
        first_workers = _logged(server, r"Booting worker with pid: (\d+)", 2)
        private_postgres.stop()
        for pid in first_workers:
            os.kill(int(pid), signal.SIGKILL)  # the arbiter starts two new ones, with no database
        _logged(server, r"(the API could not be built)", 2)  # each new worker, once booted

        filed, filing_took = timed("POST", f"{server.url}{CLAIMS}", json=an_intake(),
                                   headers=auth)
        ready, readiness_took = timed("GET", f"{server.url}/readyz")
        alive = requests.get(f"{server.url}/healthz", timeout=5)
        private_postgres.start()
        answers = _until_filed(server, auth, within=20)

    assert filed.status_code == 503 and filing_took <= 3.0
    assert filed.headers["Content-Type"] == "application/problem+json"
    assert filed.json()["type"] == "/problems/database-unavailable"
    assert int(filed.headers["Retry-After"]) >= 1
    assert ready.status_code == 503 and readiness_took <= 1.0
    assert ready.json()["checks"]["database"]["ok"] is False
    assert alive.status_code == 200
    assert answers[-1] == 201, answers  # the same server, both new workers, serving again


def _logged(server, pattern: str, count: int, within: float = 30) -> list[str]:
    """The first group of each of the first `count` lines of the server's log that match."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = re.findall(pattern, server.log.read_text(errors="replace"))
        if len(found) >= count:
            return found[:count]
        time.sleep(0.1)
    raise AssertionError(f"{count} × {pattern!r} not logged:\n{server.log_tail()}")


def _until_filed(server, auth: dict, within: float) -> list[int]:
    """Intakes until one is filed twice in a row (each worker, most likely, once)."""
    answers, deadline = [], time.monotonic() + within
    while time.monotonic() < deadline and answers[-2:] != [201, 201]:
        try:
            answers.append(requests.post(f"{server.url}{CLAIMS}", json=an_intake(),
                                         headers=auth, timeout=10).status_code)
        except requests.ConnectionError:
            answers.append(0)  # the server is gone
        time.sleep(0.2)
    return answers
