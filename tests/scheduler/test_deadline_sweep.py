"""The deadline sweep records each missed (or, for agency clocks, approaching) deadline once:
again and again, from two schedulers at once, and after a long downtime.

The story starts on Fri 2026-11-20 10:00 KST (the `clock` fixture). No holidays fall between
then and Dec 22; Sundays and Saturdays are counted by hand below.

    Nov 20 Fri   Nov 23 Mon   Nov 24 Tue   Nov 25 Wed   Nov 30 Mon   Dec 1 Tue
    Dec 18 Fri   Dec 19 Sat   Dec 20 Sun   Dec 21 Mon   Dec 22 Tue
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest

from casemgmt.application.jobs import run_job
from casemgmt.bootstrap import build
from tests.builders import end_of_day, kst
from tests.http import API
from tests.scheduler.conftest import alerts_on

pytestmark = pytest.mark.own_store(
    "The job looks at every claim in the store: each test has a store of its own.")


@dataclass
class Story:
    silent: str      # never answered
    vendor: str      # answered; a fact check nobody answers
    kca: str         # answered; a KCA relief track
    committee: str   # answered; filed with the mediation committee directly
    answered: str    # answered and closed the same day: never alerted

    def claims(self) -> list[str]:
        return [self.silent, self.vendor, self.kca, self.committee, self.answered]


@pytest.fixture
def story(desk, clock) -> Story:
    app, agent = desk.app, desk.agent
    assert clock.now() == kst(2026, 11, 20, 10)
    # merchant_service: first response Mon Nov 23 10:00; resolution 7 business days:
    # Nov 23, 24, 25, 26, 27, 30, Dec 1 → Tue Dec 1 10:00
    silent = desk.file("C-1")
    # delivery: resolution 3 business days: Nov 23, 24, 25 → Wed Nov 25 10:00
    vendor = desk.file_and_respond("C-2", category="delivery")
    clock.current = kst(2026, 11, 20, 11)
    # 2 business days from Fri 11:00: Mon 23, Tue 24 → Tue Nov 24 11:00
    app.request_fact_check(agent, vendor, vendor_id="M-9", vendor_kind="merchant",
                           question="휴업일 확인 부탁드립니다")
    clock.current = kst(2026, 11, 20, 10)
    # other: resolution Tue Dec 1 10:00. KCA received Fri Nov 20 10:00: day 1 is Nov 21,
    # Nov 30 is day 10, Sun Dec 20 is day 30 → Mon Dec 21, until the day ends.
    kca = desk.file_and_respond("C-3", category="other", channel="agency")
    app.escalate(agent, kca, agency="kca", agency_reference="KCA-1120",
                 received_at=kst(2026, 11, 20, 10))
    # membership: resolution Wed Nov 25 10:00. The committee's 30 days run like the KCA's:
    # → end of Mon Dec 21.
    committee = desk.file_and_respond("C-4", category="membership", channel="agency")
    app.escalate(agent, committee, agency="mediation_committee", agency_reference="CDMC-1120",
                 received_at=kst(2026, 11, 20, 10))
    answered = desk.file_and_respond("C-5")
    desk.close(answered)
    return Story(silent, vendor, kca, committee, answered)


def sweep(services) -> list[tuple[str, str, str]]:
    """Run the sweep; what it says it recorded, as (claim, event, deadline)."""
    outcome = run_job(services.casemgmt, "deadline-sweep")
    return sorted((r["claim_id"], r["event"], r["deadline"]) for r in outcome["result"]["recorded"])


def all_alerts(services, story: Story) -> list[tuple[str, str, str]]:
    return sorted((claim_id, event, deadline) for claim_id in story.claims()
                  for event, deadline, _ in alerts_on(services, claim_id))


def test_each_deadline_is_alerted_once_when_it_passes(services, clock, story):
    s = story
    clock.current = kst(2026, 11, 23, 10)            # due this very instant: not late yet
    assert sweep(services) == []

    clock.current = kst(2026, 11, 23, 10, 0, 1)
    assert sweep(services) == [(s.silent, "FirstResponseOverdue", "first_response")]
    assert sweep(services) == []                     # firing twice records nothing new

    clock.current = kst(2026, 11, 24, 11, 0, 1)
    assert sweep(services) == [(s.vendor, "FactCheckOverdue", "fact_check:fc-1")]

    clock.current = kst(2026, 11, 25, 10, 0, 1)
    assert sweep(services) == sorted([(s.vendor, "ResolutionOverdue", "resolution"),
                                      (s.committee, "ResolutionOverdue", "resolution")])

    clock.current = kst(2026, 12, 1, 10, 0, 1)
    assert sweep(services) == sorted([(s.silent, "ResolutionOverdue", "resolution"),
                                      (s.kca, "ResolutionOverdue", "resolution")])

    # The team wants 3 days' warning of an agency deadline: due at the end of Mon Dec 21,
    # the warning starts after Fri Dec 18 23:59:59.999999.
    clock.current = kst(2026, 12, 18, 23, 59, 59)
    assert sweep(services) == []
    clock.current = kst(2026, 12, 19, 0, 0)
    assert sweep(services) == sorted([
        (s.kca, "AgencyDeadlineApproaching", "relief:e-1"),
        (s.committee, "AgencyDeadlineApproaching", "mediation_decision:e-1")])
    clock.current = kst(2026, 12, 21, 23, 59, 59)
    assert sweep(services) == []

    clock.current = kst(2026, 12, 22, 0, 0)
    assert sweep(services) == sorted([
        (s.kca, "AgencyDeadlineMissed", "relief:e-1"),
        (s.committee, "AgencyDeadlineMissed", "mediation_decision:e-1")])
    assert sweep(services) == []

    assert alerts_on(services, s.silent) == [
        ("FirstResponseOverdue", "first_response", kst(2026, 11, 23, 10)),
        ("ResolutionOverdue", "resolution", kst(2026, 12, 1, 10))]
    assert alerts_on(services, s.vendor) == [
        ("FactCheckOverdue", "fact_check:fc-1", kst(2026, 11, 24, 11)),
        ("ResolutionOverdue", "resolution", kst(2026, 11, 25, 10))]
    assert alerts_on(services, s.kca) == [
        ("ResolutionOverdue", "resolution", kst(2026, 12, 1, 10)),
        ("AgencyDeadlineApproaching", "relief:e-1", end_of_day(2026, 12, 21)),
        ("AgencyDeadlineMissed", "relief:e-1", end_of_day(2026, 12, 21))]
    assert alerts_on(services, s.committee) == [
        ("ResolutionOverdue", "resolution", kst(2026, 11, 25, 10)),
        ("AgencyDeadlineApproaching", "mediation_decision:e-1", end_of_day(2026, 12, 21)),
        ("AgencyDeadlineMissed", "mediation_decision:e-1", end_of_day(2026, 12, 21))]
    assert alerts_on(services, s.answered) == []


def test_a_deadline_met_in_time_is_never_alerted(services, desk, clock, story):
    clock.current = kst(2026, 11, 23, 9, 59)
    desk.take(story.silent)
    desk.respond(story.silent)
    desk.app.answer_fact_check(desk.agent, story.vendor, "fc-1", finding="confirmed",
                               details="두 번 모두 임시휴업")

    clock.current = kst(2026, 11, 24, 12)
    assert sweep(services) == []
    assert alerts_on(services, story.silent) == alerts_on(services, story.vendor) == []


def test_after_a_long_downtime_one_sweep_records_every_missed_deadline_once(
        services, clock, story):
    s = story
    clock.advance(days=40)                            # Wed Dec 30 10:00: every deadline passed

    recorded = sweep(services)

    expected = sorted([
        (s.silent, "FirstResponseOverdue", "first_response"),
        (s.silent, "ResolutionOverdue", "resolution"),
        (s.vendor, "FactCheckOverdue", "fact_check:fc-1"),
        (s.vendor, "ResolutionOverdue", "resolution"),
        (s.kca, "ResolutionOverdue", "resolution"),
        (s.kca, "AgencyDeadlineMissed", "relief:e-1"),          # missed: no "approaching" now
        (s.committee, "ResolutionOverdue", "resolution"),
        (s.committee, "AgencyDeadlineMissed", "mediation_decision:e-1"),
    ])
    assert recorded == expected
    assert all_alerts(services, s) == expected
    assert sweep(services) == []
    assert all_alerts(services, s) == expected


def test_two_sweeps_at_once_record_each_alert_exactly_once(settings, services, clock, story):
    s = story
    moments_and_new_alerts = [
        (kst(2026, 11, 23, 10, 0, 1), [(s.silent, "FirstResponseOverdue", "first_response")]),
        (kst(2026, 11, 25, 10, 0, 1), [(s.vendor, "FactCheckOverdue", "fact_check:fc-1"),
                                       (s.vendor, "ResolutionOverdue", "resolution"),
                                       (s.committee, "ResolutionOverdue", "resolution")]),
        (kst(2026, 12, 19, 0, 0), [(s.silent, "ResolutionOverdue", "resolution"),
                                   (s.kca, "ResolutionOverdue", "resolution"),
                                   (s.kca, "AgencyDeadlineApproaching", "relief:e-1"),
                                   (s.committee, "AgencyDeadlineApproaching",
                                    "mediation_decision:e-1")]),
        (kst(2026, 12, 22, 0, 0), [(s.kca, "AgencyDeadlineMissed", "relief:e-1"),
                                   (s.committee, "AgencyDeadlineMissed",
                                    "mediation_decision:e-1")]),
    ]
    schedulers = [build(settings, clock=clock) for _ in range(2)]
    try:
        expected: list[tuple[str, str, str]] = []
        for moment, new_alerts in moments_and_new_alerts:
            clock.current = moment
            results = race(lambda svc: sweep(svc), schedulers)

            said = results[0] + results[1]
            assert sorted(said) == sorted(new_alerts), moment   # one of them recorded each
            expected = sorted(expected + new_alerts)
            assert all_alerts(services, s) == expected, moment  # stored once, none lost
    finally:
        for svc in schedulers:
            svc.close()


def race(work, services_list) -> list[Any]:
    """Run work(svc) for each svc in its own thread, all released at the same moment."""
    barrier = threading.Barrier(len(services_list))
    results: list[Any] = [None] * len(services_list)
    errors: list[BaseException] = []

    def run(index: int, svc) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work(svc)
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, svc)) for i, svc in enumerate(services_list)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a sweep hung"
    if errors:
        raise errors[0]
    return results


# -- POST /jobs/{name}/runs ----------------------------------------------------------------------

def test_the_scheduler_and_an_admin_run_the_sweep_over_http(api, clock, story):
    clock.current = kst(2026, 11, 23, 10, 0, 1)

    first = api.post(API + "/jobs/deadline-sweep/runs", {}, api.team.scheduler)
    second = api.post(API + "/jobs/deadline-sweep/runs", None, api.team.admin)

    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert body["job"] == "deadline-sweep"
    assert body["started_at"] == body["finished_at"] == "2026-11-23T10:00:01+09:00"
    # claims with a deadline before Nov 26 10:00:01 (3 days' warning): silent (Nov 23),
    # vendor (fact check Nov 24) and committee (resolution Nov 25)
    assert body["result"]["checked"] == 3
    assert body["result"]["recorded"] == [{
        "claim_id": story.silent, "event": "FirstResponseOverdue", "deadline": "first_response",
        "due_at": "2026-11-23T10:00:00+09:00"}]
    assert second.status_code == 201, second.get_json()
    assert second.get_json()["result"]["recorded"] == []

    events = list(api.services.casemgmt.events.get(UUID(story.silent)))
    alert = [e for e in events if type(e).__name__ == "FirstResponseOverdue"]
    assert len(alert) == 1 and alert[0].by == api.team.scheduler.id  # who ran it is recorded


@pytest.mark.parametrize("role", ["agent", "supervisor", "auditor"])
def test_casework_and_audit_roles_may_not_run_jobs(api, clock, story, role):
    clock.current = kst(2026, 12, 30, 10)

    response = api.post(API + "/jobs/deadline-sweep/runs", {}, getattr(api.team, role))

    assert response.status_code == 403
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert all(alerts_on(api.services, claim_id) == [] for claim_id in story.claims())


def test_an_unknown_job_is_404_a_missing_token_401_and_a_month_for_the_sweep_422(api):
    assert api.post(API + "/jobs/coffee/runs", {}, api.team.scheduler).status_code == 404
    assert api.post(API + "/jobs/deadline-sweep/runs", {}).status_code == 401
    refused = api.post(API + "/jobs/deadline-sweep/runs", {"month": "2026-10"}, api.team.admin)
    assert refused.status_code == 422
    assert "month" in refused.get_json()["errors"]
