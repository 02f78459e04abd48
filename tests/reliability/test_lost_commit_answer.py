"""A write whose COMMIT reached the database but whose answer was lost (the database crashed
at that moment, the connection dropped): the store tries once more and finds its own rows.
With an Idempotency-Key that second try meets the key's record, and the first answer is sent
at once; without one the answer is 503 — never 409, which would tell the client that someone
else's write won. Nothing is written twice.

The crash tests meet this by chance; here it happens on purpose: the recorder's next insert
commits and then fails as a dropped connection would.
"""
from __future__ import annotations

from typing import Callable

import pytest
from eventsourcing.persistence import OperationalError

from tests.builders import an_intake
from tests.http import CLAIMS, a_problem
from tests.refs import a_customer_id, an_idempotency_key


@pytest.fixture
def lose_the_next_answer(api, monkeypatch) -> Callable[[], None]:
    recorder = api.services.casemgmt.recorder
    unretried = recorder._unretried
    armed = []

    def commit_then_fail(name, *args, **kwargs):
        result = unretried(name, *args, **kwargs)
        if name == "insert_events" and armed:
            armed.clear()
            raise OperationalError("server closed the connection unexpectedly")
        return result

    monkeypatch.setattr(recorder, "_unretried", commit_then_fail)
    return lambda: armed.append(True)


def notes_of(api, claim_id: str) -> list[str]:
    claim = api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor).get_json()
    return [note["text"] for note in claim["notes"]]


def test_a_filing_whose_answer_was_lost_gets_its_answer_and_is_filed_once(
        api, lose_the_next_answer):
    key = {"Idempotency-Key": an_idempotency_key("intake-lost-answer")}
    customer_id = a_customer_id()
    lose_the_next_answer()

    answered = api.post(CLAIMS, an_intake(customer_id), api.team.agent, headers=key)
    retried = api.post(CLAIMS, an_intake(customer_id), api.team.agent, headers=key)

    assert answered.status_code == 201, answered.get_json()
    assert retried.get_json()["id"] == answered.get_json()["id"]
    queue = api.get(f"{CLAIMS}?customer_id={customer_id}", api.team.supervisor).get_json()["items"]
    assert [item["id"] for item in queue] == [answered.get_json()["id"]]


def test_a_command_whose_answer_was_lost_gets_its_answer_and_is_stored_once(
        api, lose_the_next_answer):
    claim_id = api.file_claim()["id"]
    api.take(claim_id)
    lose_the_next_answer()

    answered = api.post(f"{CLAIMS}/{claim_id}/notes", {"text": "통화 내용 기록"}, api.team.agent,
                        headers={"Idempotency-Key": an_idempotency_key("note-lost-answer")})

    assert answered.status_code == 200, answered.get_json()
    assert notes_of(api, claim_id) == ["통화 내용 기록"]


def test_without_a_key_the_lost_answer_is_503_not_a_conflict(api, lose_the_next_answer):
    claim_id = api.file_claim()["id"]
    api.take(claim_id)
    lose_the_next_answer()

    lost = api.post(f"{CLAIMS}/{claim_id}/notes", {"text": "통화 내용 기록"}, api.team.agent)

    a_problem(lost, 503, "database-unavailable")
    assert lost.headers["Retry-After"]
    assert notes_of(api, claim_id) == ["통화 내용 기록"]
