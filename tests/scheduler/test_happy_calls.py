"""Happy calls (해피콜): closed claims whose customer has not been asked about satisfaction,
owed once the claim has been closed for 3 days (domain/follow_up_policy.py, happy_call_after).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import pytest

from tests.builders import kst
from tests.http import API

pytestmark = pytest.mark.own_store(
    "The job looks at every claim in the store: each test has a store of its own.")


@dataclass
class Calls:
    closed_16th: str          # closed Mon Nov 16 10:00, never asked
    closed_16th_later: str    # closed Mon Nov 16 10:00:01, never asked
    satisfied: str            # closed Nov 10, satisfaction 8
    unhappy_asked: str        # closed Nov 10, satisfaction 2: asked already
    open_: str                # never closed
    reopened: str             # closed Nov 10, reopened Nov 12: open again
    closed_again: str         # closed Nov 10, reopened, closed again Wed Nov 18 10:00
    asked_then_reopened: str  # asked (9), reopened, closed again Thu Nov 12 10:00: asked no more


@pytest.fixture
def calls(desk, clock) -> Calls:
    def closed_at(customer: str, when) -> str:
        clock.current = kst(2026, 11, 9, 9)
        claim_id = desk.file_and_respond(customer)
        clock.current = when
        desk.close(claim_id)
        return claim_id

    closed_16th = closed_at("C-1", kst(2026, 11, 16, 10))
    closed_16th_later = closed_at("C-2", kst(2026, 11, 16, 10, 0, 1))
    satisfied = closed_at("C-3", kst(2026, 11, 10, 10))
    clock.current = kst(2026, 11, 13, 10)
    desk.satisfaction(satisfied, 8)
    unhappy_asked = closed_at("C-4", kst(2026, 11, 10, 10))
    desk.satisfaction(unhappy_asked, 2)
    clock.current = kst(2026, 11, 9, 9)
    open_ = desk.file_and_respond("C-5")
    reopened = closed_at("C-6", kst(2026, 11, 10, 10))
    clock.current = kst(2026, 11, 12, 10)
    desk.reopen(reopened)
    closed_again = closed_at("C-7", kst(2026, 11, 10, 10))
    clock.current = kst(2026, 11, 12, 10)
    desk.reopen(closed_again)
    clock.current = kst(2026, 11, 18, 10)
    desk.close(closed_again)
    asked_then_reopened = closed_at("C-8", kst(2026, 11, 10, 10))
    clock.current = kst(2026, 11, 11, 10)
    desk.satisfaction(asked_then_reopened, 9)
    desk.reopen(asked_then_reopened)
    clock.current = kst(2026, 11, 12, 10)
    desk.close(asked_then_reopened)
    clock.current = kst(2026, 11, 20, 10)
    return Calls(closed_16th, closed_16th_later, satisfied, unhappy_asked, open_, reopened,
                 closed_again, asked_then_reopened)


def owed(api, due_before: str | None, by=None) -> dict[str, dict]:
    query = f"?due_before={quote(due_before)}&limit=500" if due_before else "?limit=500"
    response = api.get(API + f"/follow-ups/happy-calls{query}", by or api.team.agent)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["next_cursor"] is None
    return {item["claim_id"]: item for item in body["items"]}


def test_closed_claims_without_satisfaction_are_owed_a_call_three_days_after_closure(api, calls):
    c = calls
    # due_before Thu Nov 19 10:00: closed at or before Mon Nov 16 10:00
    assert set(owed(api, "2026-11-19T10:00:00+09:00")) == {c.closed_16th, c.asked_then_reopened}
    assert set(owed(api, "2026-11-19T10:00:01+09:00")) == {
        c.closed_16th, c.closed_16th_later, c.asked_then_reopened}
    # due_before Sat Nov 21 10:00: closed_again (Wed Nov 18 10:00) joins
    assert set(owed(api, "2026-11-21T10:00:00+09:00")) == {
        c.closed_16th, c.closed_16th_later, c.asked_then_reopened, c.closed_again}
    # the same instant in UTC selects the same claims
    assert set(owed(api, "2026-11-19T01:00:00+00:00")) == {c.closed_16th, c.asked_then_reopened}


def test_each_call_says_whom_to_call_and_when(api, calls):
    item = owed(api, "2026-11-21T10:00:00+09:00")[calls.closed_again]

    assert item == {
        "claim_id": calls.closed_again, "customer_id": "C-7", "customer_name": "김민수",
        "customer_phone": "010-1234-5678", "assignee": api.team.agent.id,
        "closed_at": "2026-11-18T10:00:00+09:00", "call_due_at": "2026-11-21T10:00:00+09:00",
    }


def test_without_due_before_the_list_is_as_of_the_clock(api, clock, calls):
    clock.current = kst(2026, 11, 21, 10)
    assert set(owed(api, None)) == {calls.closed_16th, calls.closed_16th_later,
                                    calls.asked_then_reopened, calls.closed_again}


def test_an_auditor_sees_masked_names_and_phones(api, calls):
    for item in owed(api, "2026-11-21T10:00:00+09:00", api.team.auditor).values():
        assert item["customer_name"] == "김*수"
        assert item["customer_phone"] == "010-****-5678"
        assert item["customer_id"].startswith("C-")


def test_the_list_pages_without_gaps_or_duplicates(api, calls):
    seen, cursor = [], None
    for _ in range(10):
        query = "?due_before=2026-11-21T10%3A00%3A00%2B09%3A00&limit=1" + (
            f"&cursor={cursor}" if cursor else "")
        body = api.get(API + f"/follow-ups/happy-calls{query}", api.team.supervisor).get_json()
        seen += [item["claim_id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted({calls.closed_16th, calls.closed_16th_later,
                                   calls.asked_then_reopened, calls.closed_again})


def test_the_happy_call_job_reports_the_calls_owed_now(api, clock, calls):
    clock.current = kst(2026, 11, 21, 10)

    response = api.post(API + "/jobs/happy-calls/runs", {}, api.team.scheduler)

    assert response.status_code == 201, response.get_json()
    result = response.get_json()["result"]
    expected = {calls.closed_16th, calls.closed_16th_later, calls.asked_then_reopened,
                calls.closed_again}
    assert result["owed"] == 4
    assert set(result["claims"]) == expected


def test_due_before_needs_an_offset(api, calls):
    response = api.get(API + "/follow-ups/happy-calls?due_before=2026-11-21T10:00:00",
                       api.team.agent)
    assert response.status_code == 422
