"""Racing requests against a real server process on PostgreSQL: one writer wins, the others are
told so (412 with If-Match, 409 without), no event is lost or duplicated, and requests sharing
an Idempotency-Key do their work once."""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from typing import Callable

import pytest
import requests

from casemgmt.application import Casemgmt
from casemgmt.domain.claim import Claim
from tests.api.live import running_server
from tests.builders import a_member, an_intake
from tests.http import CLAIMS
from tests.refs import an_idempotency_key

pytestmark = [pytest.mark.slow, pytest.mark.postgres_only, pytest.mark.timeout(180)]
RACERS = 8  # the server's thread count: every request is in flight at once
FILED = f"{Claim.Filed.__module__}:{Claim.Filed.__qualname__}"


@pytest.fixture(scope="module")
def server(shared_database_url, tmp_path_factory):
    """One server for the module, on the session's database (each race has its own claim)."""
    with running_server(shared_database_url, tmp_path_factory.mktemp("races")) as live:
        yield live


@pytest.fixture
def agent(app) -> dict[str, str]:
    """An agent of this test alone (their idempotency keys are theirs)."""
    member = a_member(app, "박지은", "agent", 30_000)
    return {"id": member.id, "Authorization": f"Bearer {member.token}"}


@pytest.fixture
def claim_in_hand(server, agent) -> str:
    auth = {"Authorization": agent["Authorization"]}
    claim_id = requests.post(f"{server.url}{CLAIMS}", json=an_intake(), headers=auth,
                             timeout=10).json()["id"]
    taken = requests.post(f"{server.url}{CLAIMS}/{claim_id}/assignment",
                          json={"assignee": agent["id"]}, headers=auth, timeout=10)
    assert taken.status_code == 200
    return claim_id


def race(send: Callable[[int], requests.Response]) -> list[requests.Response]:
    """Run `send(i)` in RACERS threads released at the same moment; return every response."""
    start = threading.Barrier(RACERS)
    responses: list[requests.Response | BaseException] = [None] * RACERS  # type: ignore

    def racer(i: int) -> None:
        start.wait()
        try:
            responses[i] = send(i)
        except BaseException as error:  # reported below, with the others
            responses[i] = error

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [r for r in responses if not isinstance(r, requests.Response)]
    assert not failures, failures
    return responses


def versions(app: Casemgmt, claim_id: str) -> list[int]:
    return [event.originator_version for event in app.events.get(uuid.UUID(claim_id))]


def assert_problems(responses: list[requests.Response]) -> None:
    for response in responses:
        if response.status_code >= 400:
            assert response.headers["Content-Type"].startswith("application/problem+json")
            assert response.json()["status"] == response.status_code


def test_writers_racing_with_the_same_if_match_one_wins_the_rest_get_412(
        server, app, agent, claim_in_hand):
    url = f"{server.url}{CLAIMS}/{claim_in_hand}/notes"
    headers = {"Authorization": agent["Authorization"], "If-Match": '"2"'}

    responses = race(lambda i: requests.post(url, json={"text": f"메모 {i}"}, headers=headers,
                                             timeout=60))

    statuses = Counter(r.status_code for r in responses)
    assert statuses[200] == 1, (statuses, server.log_tail())
    assert statuses[412] + statuses[409] == RACERS - 1, statuses
    assert_problems(responses)
    assert versions(app, claim_in_hand) == [1, 2, 3]


def test_writers_racing_without_if_match_each_win_or_get_409_and_no_event_is_lost(
        server, app, agent, claim_in_hand):
    url = f"{server.url}{CLAIMS}/{claim_in_hand}/notes"
    headers = {"Authorization": agent["Authorization"]}

    responses = race(lambda i: requests.post(url, json={"text": f"메모 {i}"}, headers=headers,
                                             timeout=60))

    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 409}, (statuses, server.log_tail())
    assert_problems(responses)
    won = [r.json() for r in responses if r.status_code == 200]
    assert sorted(claim["version"] for claim in won) == list(range(3, 3 + len(won)))
    assert versions(app, claim_in_hand) == list(range(1, 3 + len(won)))
    stored_notes = [note.text for note in app.get_claim(claim_in_hand).notes]
    assert sorted(stored_notes) == sorted(claim["notes"][-1]["text"] for claim in won)


def test_identical_intakes_racing_with_one_idempotency_key_file_one_claim(server, app, agent):
    headers = {"Authorization": agent["Authorization"],
               "Idempotency-Key": an_idempotency_key("intake-race")}
    position = app.recorder.max_notification_id() or 0

    responses = race(lambda i: requests.post(f"{server.url}{CLAIMS}", json=an_intake(),
                                             headers=headers, timeout=60))

    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {201, 409} and statuses[201] >= 1, (statuses, server.log_tail())
    assert_problems(responses)
    assert len({r.json()["id"] for r in responses if r.status_code == 201}) == 1
    filed = app.recorder.select_notifications(start=position + 1, limit=10_000, topics=[FILED])
    assert len(filed) == 1


def test_identical_commands_racing_with_one_idempotency_key_write_once(
        server, app, agent, claim_in_hand):
    url = f"{server.url}{CLAIMS}/{claim_in_hand}/notes"
    headers = {"Authorization": agent["Authorization"],
               "Idempotency-Key": an_idempotency_key("note-race")}

    responses = race(lambda i: requests.post(url, json={"text": "한 번만"}, headers=headers,
                                             timeout=60))

    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 409} and statuses[200] >= 1, (statuses, server.log_tail())
    assert {r.json()["version"] for r in responses if r.status_code == 200} == {3}
    assert versions(app, claim_in_hand) == [1, 2, 3]
