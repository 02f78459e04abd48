"""A claim whose stored events fail their own checks answers an integrity problem — 500
/problems/integrity naming the claim and the first bad version — not 404 as if it never
existed, nor an unexplained 500. Its history still opens, to show what is wrong, and the
clock's jobs pass over it (naming it) rather than stop for every other claim."""
from __future__ import annotations

import pytest

from tests.http import CLAIMS, a_problem
from tests.projections.helpers import overwrite_stored_state

from . import tamper

pytestmark = pytest.mark.own_store("Each test damages a store of its own.")


@pytest.fixture
def claim_id(api) -> str:
    claim_id = api.file_claim()["id"]
    api.take(claim_id)
    for text in ("첫 메모", "둘째 메모"):
        assert api.post(f"{CLAIMS}/{claim_id}/notes", {"text": text},
                        api.team.agent).status_code == 200
    api.services.projections.catch_up()  # the trail saw the events before they were damaged
    return claim_id


def integrity_problem(response, claim_id: str, version: int, problem: str) -> None:
    body = a_problem(response, 500, "integrity")
    assert (body["claim_id"], body["version"], body["problem"]) == (claim_id, version, problem)
    assert claim_id in body["detail"]


def test_a_claim_with_an_event_that_does_not_decode_is_an_integrity_problem(api, claim_id):
    overwrite_stored_state(api.services.settings, claim_id, 2, b"\x00\xffnot an event")

    read = api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor)
    at_version = api.get(f"{CLAIMS}/{claim_id}?version=3", api.team.supervisor)
    command = api.post(f"{CLAIMS}/{claim_id}/notes", {"text": "메모"}, api.team.agent)

    integrity_problem(read, claim_id, 2, "does_not_decode")
    integrity_problem(at_version, claim_id, 2, "does_not_decode")
    integrity_problem(command, claim_id, 2, "does_not_decode")


@pytest.mark.parametrize("version", [1, 3])
def test_a_claim_missing_a_version_is_the_same_integrity_problem(api, claim_id, version):
    tamper.delete(api.services.settings, claim_id, version)

    read = api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor)

    integrity_problem(read, claim_id, version, "missing")


def test_the_history_of_a_damaged_claim_still_opens_and_says_it_fails(api, claim_id):
    tamper.delete(api.services.settings, claim_id, 3)

    response = api.get(f"{CLAIMS}/{claim_id}/history", api.team.auditor)

    assert response.status_code == 200
    body = response.get_json()
    assert [e["version"] for e in body["events"]] == [1, 2, 4]
    assert body["verified"] is False


def test_a_claim_that_does_not_exist_is_still_404(api):
    response = api.get(f"{CLAIMS}/{'1' * 32}", api.team.supervisor)

    a_problem(response, 404, "claim-not-found")


def test_the_deadline_sweep_passes_over_a_damaged_claim_and_names_it(api, claim_id, clock):
    intact = api.file_claim()["id"]
    overwrite_stored_state(api.services.settings, claim_id, 2, b"\x00\xffnot an event")
    clock.advance(days=30)  # both have missed their first-response and resolution targets

    response = api.post("/api/v1/jobs/deadline-sweep/runs", {}, api.team.scheduler)

    assert response.status_code == 201, response.get_json()
    result = response.get_json()["result"]
    assert {r["claim_id"] for r in result["recorded"]} == {intact}
    assert result["damaged"] == [{"claim_id": claim_id, "version": 2,
                                  "problem": "does_not_decode"}]
