"""Retention over HTTP: POST /jobs/retention/runs destroys the personal data of claims closed more
than retention_days ago (3 years: 전자상거래법 시행령 §6, then PIPA §21), one claim at a time.

The clock stands at Fri 2026-11-20 10:00 KST, so the cutoff is 2023-11-20 10:00. A claim closed
in 2023 but back on an agency track in 2026 is on legal hold: reopened and escalated, it is not
closed, so it is not due (the job's own hold check covers a view that still shows it closed —
tests/scheduler/test_retention.py). Destroying a claim's key leaves the customer's other claims
readable; running the job again changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import pytest

from tests.builders import kst
from tests.http import CLAIMS, a_problem
from tests.privacy.scenario import NAME, WORD, canary_intake

ERASED = "[erased]"
RUNS = "/api/v1/jobs/retention/runs"


@dataclass
class Archive:
    old: str      # C-OLD, closed Fri 2023-11-10
    held: str     # C-HELD, closed 2023-06-01, reopened and escalated to the KCA in Nov 2026
    recent: str   # C-OLD again, closed 2024-06-03


@pytest.fixture
def archive(api, clock) -> Archive:
    team = api.team

    def post(claim_id: str, path: str, body: dict) -> None:
        response = api.post(f"{CLAIMS}/{claim_id}{path}", body, team.agent)
        assert response.status_code in (200, 201), response.get_json()

    def closed_on(customer_id: str, when: datetime) -> str:
        clock.current = when.replace(hour=9)
        claim_id = api.file_claim(**canary_intake(customer_id))["id"]
        api.take(claim_id)
        post(claim_id, "/responses", {"message": f"{WORD} 응답", "channel": "phone"})
        post(claim_id, "/notes", {"text": f"{WORD} 메모"})
        clock.current = when
        post(claim_id, "/closure", {"resolution": "resolved", "summary": f"{WORD} 종결"})
        return claim_id

    old = closed_on("C-OLD", kst(2023, 11, 10, 10))
    held = closed_on("C-HELD", kst(2023, 6, 1, 10))
    recent = closed_on("C-OLD", kst(2024, 6, 3, 10))
    clock.current = kst(2026, 11, 2, 10)
    post(held, "/reopening", {"reason": f"{WORD} 소비자원 접수"})
    post(held, "/escalations", {"agency": "kca", "agency_reference": "KCA-2026-1030",
                                "received_at": "2026-10-30T10:00:00+09:00"})
    clock.current = kst(2026, 11, 20, 10)
    return Archive(old, held, recent)


def run(api, by) -> dict:
    response = api.post(RUNS, {}, by)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["result"]


def read(api, claim_id: str) -> dict:
    response = api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_claim_closed_more_than_three_years_ago_is_destroyed(api, archive):
    before = read(api, archive.old)
    assert list(api.services.casemgmt.snapshots.get(UUID(archive.old)))

    result = run(api, api.team.admin)

    assert result["destroyed"] == [archive.old]
    assert result["cutoff"] == "2023-11-20T10:00:00+09:00"
    after = read(api, archive.old)
    assert (after["customer"]["name"], after["customer"]["phone"]) == (ERASED, None)
    assert (after["summary"], after["closure_summary"]) == (ERASED, ERASED)
    assert {r["text"] for r in after["responses"] + after["notes"]} == {ERASED}
    assert {k: after[k] for k in ("status", "version", "category", "order", "closed_at")} == {
        k: before[k] for k in ("status", "version", "category", "order", "closed_at")}
    assert list(api.services.casemgmt.snapshots.get(UUID(archive.old))) == []
    history = api.get(f"{CLAIMS}/{archive.old}/history", api.team.supervisor).get_json()
    assert history["verified"] is True and WORD not in str(history)


def test_a_claim_on_an_open_agency_track_and_a_recent_one_are_kept(api, archive):
    result = run(api, api.team.scheduler)

    assert archive.held not in result["destroyed"] and archive.recent not in result["destroyed"]
    for claim_id in (archive.held, archive.recent):
        claim = read(api, claim_id)
        assert claim["customer"]["name"] == NAME and claim["summary"].startswith(WORD)
    assert read(api, archive.held)["status"] == "escalated"
    # The same customer's recent claim has its own key: destroying the old one spares it.
    assert read(api, archive.recent)["customer"]["id"] == read(api, archive.old)["customer"]["id"]


def test_running_it_twice_is_harmless(api, archive):
    first = run(api, api.team.scheduler)
    reads = {claim_id: read(api, claim_id) for claim_id in vars(archive).values()}
    stats = api.get("/api/v1/stats/voc", api.team.supervisor,
                    query_string={"from": "2023-01-01T00:00:00+09:00"}).get_json()

    second = run(api, api.team.admin)

    assert first["destroyed"] == [archive.old]
    assert (second["destroyed"], second["on_legal_hold"]) == ([], [])
    assert {claim_id: read(api, claim_id) for claim_id in vars(archive).values()} == reads
    assert api.get("/api/v1/stats/voc", api.team.supervisor,
                   query_string={"from": "2023-01-01T00:00:00+09:00"}).get_json() == stats
    assert stats["total"] == 3


def test_only_the_scheduler_and_admins_run_it(api, archive):
    for member in (api.team.agent, api.team.supervisor, api.team.auditor):
        a_problem(api.post(RUNS, {}, member), 403)
    assert read(api, archive.old)["customer"]["name"] == NAME
