"""Metrics an operator can alert on: request latency by route template and status class, each
view's lag, the store's position, the database's state, job runs and failures, the pool; from
the Flask app alone, and summed over the worker processes of a real server."""
from __future__ import annotations

import time

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from casemgmt.telemetry.metrics import job_run
from tests.http import CLAIMS
from tests.api.live import SERVED_STORE

from .served import serving

pytestmark = pytest.mark.timeout(120)


def samples(text: str) -> dict[tuple, float]:
    """{(sample name, sorted labels): value} of a Prometheus text answer."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def scrape(api) -> dict:
    response = api.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    return samples(response.get_data(as_text=True))


def test_requests_are_timed_by_route_template_and_status_class(api):
    claim = api.file_claim()
    before = scrape(api)
    reads = "/api/v1/claims/{claim_id}"

    api.get(f"{CLAIMS}/{claim['id']}", api.team.agent)
    api.get(f"{CLAIMS}/{claim['id']}", api.team.agent)
    api.get(f"{CLAIMS}/00000000-0000-0000-0000-000000000000", api.team.agent)
    after = scrape(api)

    count = "casemgmt_http_request_duration_seconds_count"
    assert value(after, count, method="GET", route=reads, status_class="2xx") - value(
        before, count, method="GET", route=reads, status_class="2xx") == 2
    assert value(after, count, method="GET", route=reads, status_class="4xx") - value(
        before, count, method="GET", route=reads, status_class="4xx") == 1
    assert not [labels for (name, labels) in after
                if name == count and "00000000" in str(labels)]  # templates, not paths


def test_the_store_position_each_views_lag_and_the_database_state_are_shown(api):
    api.file_claim()
    api.services.views.fresh()

    found = scrape(api)

    assert value(found, "casemgmt_event_store_position") == api.last_position()
    assert value(found, "casemgmt_database_up") == 1
    for view in ("work_queue", "audit_trail", "authority_ledger"):
        assert ("casemgmt_projection_lag_events", (("view", view),)) in found
        assert value(found, "casemgmt_projection_lag_events", view=view) == 0


def test_a_view_behind_the_store_shows_its_lag(api, services, monkeypatch):
    # nothing catches the views up inline now (until the test ends: the services are shared)
    monkeypatch.setattr(services.projections, "background", True)
    position = api.last_position()
    services.casemgmt.add_staff("신입", "agent", 0)  # events the views have not seen

    found = scrape(api)

    behind = api.last_position() - position
    assert behind > 0
    assert value(found, "casemgmt_projection_lag_events", view="audit_trail") >= behind


@pytest.mark.postgres_only
def test_the_pool_shows_its_size_and_idle_connections(api):
    found = scrape(api)

    assert value(found, "casemgmt_db_pool_size") >= 1
    assert value(found, "casemgmt_db_pool_max") == 15  # pool_size 5 + max_overflow 10
    assert value(found, "casemgmt_db_pool_waiting") == 0


def test_job_runs_and_failures_are_counted_and_timed(api):
    before = scrape(api)

    with job_run("retention"):
        pass
    with pytest.raises(RuntimeError), job_run("retention"):
        raise RuntimeError("the database went away")
    after = scrape(api)

    runs = "casemgmt_job_runs_total"
    for outcome in ("ok", "failed"):
        assert value(after, runs, job="retention", outcome=outcome) - value(
            before, runs, job="retention", outcome=outcome) == 1
    assert value(after, "casemgmt_job_duration_seconds_count", job="retention") - value(
        before, "casemgmt_job_duration_seconds_count", job="retention") == 2


def after_the_first_sweep(url: str, timeout: float = 60) -> dict:
    """/metrics once the background process (started beside the workers) swept once."""
    deadline = time.monotonic() + timeout
    while True:
        found = samples(requests.get(f"{url}/metrics", timeout=10).text)
        swept = value(found, "casemgmt_job_runs_total", job="deadline-sweep", outcome="ok")
        if swept or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


@pytest.mark.own_store(SERVED_STORE)
@pytest.mark.slow
def test_a_served_process_sums_every_workers_requests_and_reports_the_clock(
        database_url, tmp_path):
    metrics_dir = tmp_path / "metrics"

    with serving(database_url, tmp_path, "--workers", "3",
                 settings={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)}) as server:
        for _ in range(30):
            assert requests.get(f"{server.url}/healthz", timeout=10).status_code == 200
        found = after_the_first_sweep(server.url)
        written = list(metrics_dir.glob("*.db"))
    left = list(metrics_dir.glob("*.db"))

    healthz = value(found, "casemgmt_http_request_duration_seconds_count", method="GET",
                    route="/healthz", status_class="2xx")
    assert healthz >= 30  # the readiness probe of the test's own start adds a few
    assert value(found, "casemgmt_job_runs_total", job="deadline-sweep", outcome="ok") >= 1
    assert value(found, "casemgmt_projection_lag_events", view="work_queue") == 0
    assert len(written) >= 3 and not left
