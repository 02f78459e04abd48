"""The limits and logs of a real `casemgmt serve` (gunicorn): a chunked body over 1 MiB is
refused, CASEMGMT_RATE_LIMIT_PER_MINUTE applies, and the server's log carries no query strings
and no personal data."""
from __future__ import annotations

import json
from datetime import datetime

import pytest
import requests

from casemgmt.application.clock import KST
from tests.api.live import SERVED_STORE, running_server
from tests.builders import a_member, an_intake
from tests.http import CLAIMS

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]
MiB = 1024 * 1024
CANARY_NAME = "카나리아박영수"
CANARY_PHONE = "010-7373-7373"


def an_agent_now(app, clock):
    """An agent whose token is issued at the real time, the time the served process reads."""
    clock.current = datetime.now(KST)
    return a_member(app, "박지은", "agent", 30_000)


def chunks(body: bytes, size: int = 64 * 1024):
    for start in range(0, len(body), size):
        yield body[start:start + size]


@pytest.mark.own_store(SERVED_STORE)
def test_a_served_process_refuses_big_chunked_bodies_and_limits_the_rate(database_url, tmp_path,
                                                                        app, clock):
    auth = an_agent_now(app, clock).auth
    big = json.dumps(an_intake(description="x" * (MiB + 10))).encode()

    with running_server(database_url, tmp_path,
                        settings={"CASEMGMT_RATE_LIMIT_PER_MINUTE": "2"}) as server:
        try:
            refused = requests.post(f"{server.url}{CLAIMS}", data=chunks(big), timeout=30,
                                    headers={**auth, "Content-Type": "application/json"})
            status = refused.status_code
        except requests.ConnectionError:  # the server may answer and close before the end
            status = None
        answers = [requests.get(f"{server.url}{CLAIMS}", headers=auth, timeout=10)
                   for _ in range(3)]

    assert status in (413, None) and ("POST", CLAIMS, None, 413) in server.requests_logged()
    assert [a.status_code for a in answers] == [200, 200, 429]  # a burst of 2, then the limit
    assert answers[-1].headers["Content-Type"] == "application/problem+json"
    assert int(answers[-1].headers["Retry-After"]) >= 1


@pytest.mark.own_store(SERVED_STORE)
def test_a_served_process_logs_no_query_strings_and_no_personal_data(database_url, tmp_path, app,
                                                                     clock):
    auth = an_agent_now(app, clock).auth
    customer = {"id": "C-7373", "name": CANARY_NAME, "phone": CANARY_PHONE, "tier": "regular"}

    with running_server(database_url, tmp_path) as server:
        filed = requests.post(f"{server.url}{CLAIMS}", json=an_intake(customer=customer),
                              headers=auth, timeout=10)
        bad = requests.post(f"{server.url}{CLAIMS}", headers=auth, timeout=10,
                            json=an_intake(customer={**customer, "phone": CANARY_PHONE + "x"}))
        searched = requests.get(f"{server.url}{CLAIMS}", headers=auth, timeout=10,
                                params={"customer_id": "C-7373", "assignee": CANARY_NAME})
    log = server.log.read_text(errors="replace")  # complete once the server has stopped

    assert (filed.status_code, bad.status_code, searched.status_code) == (201, 422, 200)
    logged = server.requests_logged()
    assert {("GET", CLAIMS, CLAIMS, 200), ("POST", CLAIMS, None, 422)} <= logged
    assert "?" not in log and "C-7373" not in log
    assert CANARY_NAME not in log and CANARY_PHONE not in log
