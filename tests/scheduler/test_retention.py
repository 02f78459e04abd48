"""Retention: claims closed more than 3 years ago (전자상거래법 시행령 §6) are due for
destruction, except a claim on an agency track without an outcome (legal hold).

The clock stands at Fri 2026-11-20 10:00 KST; 3 years back is Mon 2023-11-20 10:00 (the span
holds Feb 29 2024, so it is 1096 days).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from casemgmt.application.jobs import run_job
from tests.builders import end_of_day, kst
from tests.http import API

pytestmark = pytest.mark.own_store(
    "The job looks at every claim in the store: each test has a store of its own.")


def listed(result: dict) -> list[str]:
    """The claims the run found past retention (and destroyed, once destruction exists)."""
    found = result["due_for_destruction"] if "due_for_destruction" in result else result[
        "destroyed"]
    assert isinstance(found, list), result
    return found


@dataclass
class Archive:
    old: str                 # closed Fri 2023-11-10
    old_with_agency: str     # a KCA track concluded, closed Wed 2023-11-01
    three_years_and_2d: str  # closed Sat 2023-11-18 10:00
    three_years_less_2d: str # closed Wed 2023-11-22 10:00
    recent: str              # closed 2024-06-03
    never_closed: str        # filed 2023-01-02, still open
    reopened_on_agency: str  # closed 2023-06-01; reopened and escalated in Nov 2026


@pytest.fixture
def archive(desk, clock) -> Archive:
    app, agent = desk.app, desk.agent

    def closed_on(customer: str, when) -> str:
        clock.current = when.replace(hour=9)
        claim_id = desk.file_and_respond(customer)
        clock.current = when
        desk.close(claim_id)
        return claim_id

    old = closed_on("C-1", kst(2023, 11, 10, 10))
    clock.current = kst(2023, 10, 2, 10)
    old_with_agency = desk.file_and_respond("C-2", channel="agency")
    app.escalate(agent, old_with_agency, agency="kca", agency_reference="KCA-2023-1002",
                 received_at=kst(2023, 9, 27, 10))
    clock.current = kst(2023, 10, 31, 10)
    app.conclude_escalation(agent, old_with_agency, "e-1", outcome="settled")
    clock.current = kst(2023, 11, 1, 10)
    desk.close(old_with_agency)
    three_years_and_2d = closed_on("C-3", kst(2023, 11, 18, 10))
    three_years_less_2d = closed_on("C-4", kst(2023, 11, 22, 10))
    recent = closed_on("C-5", kst(2024, 6, 3, 10))
    clock.current = kst(2023, 1, 2, 10)
    never_closed = desk.file_and_respond("C-6")
    reopened_on_agency = closed_on("C-7", kst(2023, 6, 1, 10))
    clock.current = kst(2026, 11, 2, 10)
    desk.reopen(reopened_on_agency)
    app.escalate(agent, reopened_on_agency, agency="kca", agency_reference="KCA-2026-1030",
                 received_at=kst(2026, 10, 30, 10))
    clock.current = kst(2026, 11, 20, 10)
    return Archive(old, old_with_agency, three_years_and_2d, three_years_less_2d, recent,
                   never_closed, reopened_on_agency)


def test_claims_closed_more_than_three_years_ago_are_due(services, archive):
    result = run_job(services.casemgmt, "retention")["result"]

    assert sorted(listed(result)) == sorted([
        archive.old, archive.old_with_agency, archive.three_years_and_2d])
    assert result["on_legal_hold"] == []  # the reopened claim on an agency track is not closed
    assert result["cutoff"] == "2023-11-20T10:00:00+09:00"


def test_a_claim_the_view_still_shows_closed_but_now_on_an_agency_track_is_held(
        services, desk, clock, archive, monkeypatch):
    # The work queue last saw C-3's claim closed in 2023; since then it was reopened and a KCA
    # case opened (another process wrote it after this run caught the view up). The job
    # checks the claim itself before listing it.
    services.projections.catch_up()
    clock.current = kst(2026, 11, 20, 9)
    desk.reopen(archive.three_years_and_2d)
    desk.app.escalate(desk.agent, archive.three_years_and_2d, agency="kca_1372",
                      agency_reference="1372-1119", received_at=kst(2026, 11, 19, 10))
    clock.current = kst(2026, 11, 20, 10)
    monkeypatch.setattr(services.projections, "wait_for", lambda *args, **kwargs: False)

    result = run_job(services.casemgmt, "retention")["result"]

    assert result["on_legal_hold"] == [archive.three_years_and_2d]
    assert sorted(listed(result)) == sorted([archive.old, archive.old_with_agency])


def test_a_claim_the_view_still_shows_closed_but_now_reopened_is_kept(
        services, desk, clock, archive, monkeypatch):
    # As above, without an agency case: the claim is open again and its customer is being
    # served; it is not past retention, whatever the view last saw.
    services.projections.catch_up()
    clock.current = kst(2026, 11, 20, 9)
    desk.reopen(archive.three_years_and_2d)
    clock.current = kst(2026, 11, 20, 10)
    monkeypatch.setattr(services.projections, "wait_for", lambda *args, **kwargs: False)

    result = run_job(services.casemgmt, "retention")["result"]

    assert sorted(listed(result)) == sorted([archive.old, archive.old_with_agency])
    assert result["on_legal_hold"] == []
    claim = services.casemgmt.get_claim(archive.three_years_and_2d)
    assert (claim.customer.name, claim.customer.phone) == ("김민수", "010-1234-5678")


def test_the_retention_job_runs_over_http_for_admin_and_scheduler_only(api, archive):
    refused = api.post(API + "/jobs/retention/runs", {}, api.team.supervisor)
    response = api.post(API + "/jobs/retention/runs", {}, api.team.admin)

    assert refused.status_code == 403
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["job"] == "retention"
    assert sorted(listed(response.get_json()["result"])) == sorted([
        archive.old, archive.old_with_agency, archive.three_years_and_2d])


def closed_at(desk, clock, customer: str, when) -> str:
    clock.current = when - timedelta(hours=1)
    claim_id = desk.file_and_respond(customer)
    clock.current = when
    desk.close(claim_id)
    return claim_id


MICROSECOND = timedelta(microseconds=1)


@pytest.mark.parametrize("closed, last_instant, destroyed_at", [
    # 3 years from Mon 2023-11-20 09:00 (the first day is not counted): to Fri 2026-11-20.
    (kst(2023, 11, 20, 9), end_of_day(2026, 11, 20), kst(2026, 11, 21)),
    # From Tue 2023-11-21: the last day, Sat 2026-11-21, moves past Sunday to Mon 2026-11-23.
    (kst(2023, 11, 21, 9), end_of_day(2026, 11, 23), kst(2026, 11, 24)),
    # Closed at midnight, the first day counts: to Thu 2026-11-19 (the job then waits for
    # 1096 days to have passed as well, a microsecond more).
    (kst(2023, 11, 20, 0), end_of_day(2026, 11, 19), kst(2026, 11, 20) + MICROSECOND),
], ids=["weekday", "saturday-moves-to-monday", "from-midnight"])
def test_data_is_kept_until_the_last_day_of_the_period_ends(services, desk, clock, closed,
                                                           last_instant, destroyed_at):
    claim_id = closed_at(desk, clock, "C-EDGE", closed)
    clock.current = last_instant

    on_the_last_instant = listed(run_job(services.casemgmt, "retention")["result"])
    clock.current = destroyed_at
    just_after = listed(run_job(services.casemgmt, "retention")["result"])

    assert claim_id not in on_the_last_instant
    assert just_after == [claim_id]
