"""Surprise & Delight for the running month: its candidates so far, marked provisional, that
never lock a customer's first claim in; the first run after the month ends stores the round,
complete and without duplicates.

Scores as in casemgmt/domain/surprise_delight.py: a claim reopened once scores 3 (reopened),
each further reopening 3 more."""
from __future__ import annotations

import pytest

from tests.builders import kst
from tests.http import API

pytestmark = pytest.mark.own_store(
    "A round covers every claim of its month: each test has a store of its own.")

MONTH = "2026-10"
ROUND = API + f"/follow-ups/surprise-delight/{MONTH}"


def run(api, body):
    return api.post(API + "/jobs/surprise-delight/runs", body, api.team.scheduler)


def the_round(api) -> dict:
    response = api.get(ROUND, api.team.supervisor)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def candidates(round_: dict) -> list[tuple[str, str, int]]:
    return [(c["claim_id"], c["customer_id"], c["score"]) for c in round_["candidates"]]


def a_claim_reopened(desk, clock, customer: str, day: int, times: int) -> str:
    """A membership claim filed on the October day, closed and reopened `times` times."""
    clock.current = kst(2026, 10, day, 10)
    claim_id = desk.file_and_respond(customer, category="membership")
    desk.close(claim_id)
    for _ in range(times):
        desk.reopen(claim_id)
        desk.close(claim_id)
    return claim_id


def test_the_running_month_shows_its_candidates_so_far_as_provisional(api, desk, clock):
    early = a_claim_reopened(desk, clock, "C-EARLY", 6, times=1)
    clock.current = kst(2026, 10, 8, 9)

    ran = run(api, {"month": MONTH})
    shown = the_round(api)

    assert ran.status_code == 201, ran.get_json()
    assert ran.get_json()["result"] == {"month": MONTH, "provisional": True,
                                        "claims_considered": 1, "candidates_added": 0,
                                        "candidates": 1, "excluded_customers": 0}
    assert shown["provisional"] is True
    assert candidates(shown) == [(early, "C-EARLY", 3)]
    assert shown["opened_at"] == "2026-10-08T09:00:00+09:00"   # when they were computed


def test_a_customers_better_claim_later_in_the_month_replaces_the_first(api, desk, clock):
    first = a_claim_reopened(desk, clock, "C-TWICE", 5, times=1)
    assert candidates(the_round(api)) == [(first, "C-TWICE", 3)]

    better = a_claim_reopened(desk, clock, "C-TWICE", 20, times=2)

    assert candidates(the_round(api)) == [(better, "C-TWICE", 6)]


def test_the_first_run_after_the_month_stores_the_round_complete_and_once(api, desk, clock):
    first = a_claim_reopened(desk, clock, "C-TWICE", 5, times=1)
    other = a_claim_reopened(desk, clock, "C-OTHER", 6, times=1)
    run(api, {"month": MONTH})                      # provisional: stores nothing
    better = a_claim_reopened(desk, clock, "C-TWICE", 20, times=2)
    clock.current = kst(2026, 11, 1, 9)             # the job's own schedule

    built = run(api, {}).get_json()["result"]
    again = run(api, {"month": MONTH}).get_json()["result"]

    assert (built["month"], built["candidates_added"], built["candidates"]) == (MONTH, 2, 2)
    assert "provisional" not in built
    assert again["candidates_added"] == 0
    stored = the_round(api)
    assert stored["provisional"] is False
    assert candidates(stored) == [(better, "C-TWICE", 6), (other, "C-OTHER", 3)]
    assert first not in [c["claim_id"] for c in stored["candidates"]]


def test_no_candidate_is_selected_from_a_provisional_round(api, desk, clock):
    early = a_claim_reopened(desk, clock, "C-EARLY", 6, times=1)

    response = api.post(f"{ROUND}/selections", {"claim_id": early, "gift": "케이크",
                                                "letter_by": "이영희"}, api.team.supervisor)

    assert response.status_code == 409, response.get_json()
    assert response.get_json()["type"] == "/problems/round-provisional"
    assert the_round(api)["provisional"] is True
    assert the_round(api)["selections"] == []


def test_a_month_with_no_closure_yet_shows_an_empty_provisional_round(api, clock):
    clock.current = kst(2026, 10, 1, 0, 5)

    shown = the_round(api)

    assert (shown["provisional"], shown["candidates"], shown["selections"]) == (True, [], [])
