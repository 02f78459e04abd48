"""Prometheus metrics: what they are, and the text `/metrics` answers.

Under `casemgmt serve` every process writes its samples to PROMETHEUS_MULTIPROC_DIR (made by
`serve`, see metrics_dir.py) and `/metrics` adds them up; without it (the Flask app alone,
`casemgmt scheduler --metrics-port`) the process's own registry is the answer. The README's
"Metrics" table documents each metric and what to alert on: keep the two in step.

The projection lag and the event store's position are read from the database when `/metrics`
is scraped, not reported by the runner: a runner that died cannot report that it fell behind.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest,
)
from prometheus_client import multiprocess

from .metrics_dir import ENV

log = logging.getLogger("casemgmt.metrics")
POOL_SECONDS = 5.0

HTTP_REQUESTS = Counter(
    "casemgmt_http_requests_total", "HTTP requests answered, by method and status code.",
    ["method", "status"])
HTTP_LATENCY = Histogram(
    "casemgmt_http_request_duration_seconds",
    "Time from the request reaching the app to its response, by route template and status class.",
    ["method", "route", "status_class"])
PROJECTION_LAG = Gauge(
    "casemgmt_projection_lag_events", "Events stored but not yet applied to the view.", ["view"],
    multiprocess_mode="livemostrecent")
EVENT_STORE_POSITION = Gauge(
    "casemgmt_event_store_position", "Position of the last stored event (notification id).",
    multiprocess_mode="livemostrecent")
DATABASE_UP = Gauge(
    "casemgmt_database_up", "1 if the database answered when /metrics was last scraped, else 0.",
    multiprocess_mode="livemostrecent")
JOB_RUNS = Counter(
    "casemgmt_job_runs_total", "Runs of the clock's jobs, by job and outcome (ok, failed).",
    ["job", "outcome"])
JOB_DURATION = Histogram(
    "casemgmt_job_duration_seconds", "How long a run of a clock's job took.", ["job"],
    buckets=(0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600))
POOL_SIZE = Gauge("casemgmt_db_pool_size", "Connections the pools hold (busy and idle).",
                  multiprocess_mode="livesum")
POOL_AVAILABLE = Gauge("casemgmt_db_pool_available", "Idle connections ready in the pools.",
                       multiprocess_mode="livesum")
POOL_WAITING = Gauge("casemgmt_db_pool_waiting", "Requests waiting for a pooled connection.",
                     multiprocess_mode="livesum")
POOL_MAX = Gauge("casemgmt_db_pool_max", "Most connections the pools may open.",
                 multiprocess_mode="livesum")


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(method, str(status)).inc()
    HTTP_LATENCY.labels(method, route, f"{status // 100}xx").observe(seconds)


@contextmanager
def job_run(name: str) -> Iterator[None]:
    """Count and time one run of a job; a failure is counted and raised on."""
    started = time.perf_counter()
    try:
        yield
    except Exception:
        JOB_RUNS.labels(name, "failed").inc()
        raise
    else:
        JOB_RUNS.labels(name, "ok").inc()
    finally:
        JOB_DURATION.labels(name).observe(time.perf_counter() - started)


def record_pool(db: Any) -> None:
    pool = getattr(db.datastore, "pool", None) if db.backend == "postgres" else None
    if pool is None:
        return
    stats = pool.get_stats()
    POOL_SIZE.set(stats.get("pool_size", 0))
    POOL_AVAILABLE.set(stats.get("pool_available", 0))
    POOL_WAITING.set(stats.get("requests_waiting", 0))
    POOL_MAX.set(stats.get("pool_max", 0))


def watch_pool(db: Any, every: float = POOL_SECONDS) -> None:
    """Keep this process's pool figures current (each process of `serve` writes its own)."""
    if db.backend != "postgres":
        return

    def loop() -> None:
        while True:
            try:
                record_pool(db)
            except Exception as error:  # figures only: the next round tries again
                log.debug("pool figures not recorded: %s", type(error).__name__)
            time.sleep(every)

    threading.Thread(target=loop, name="pool-metrics", daemon=True).start()


def record_store(services: Any) -> None:
    """The event store's position and each view's lag, read now; the database's state."""
    try:
        head = services.casemgmt.recorder.max_notification_id() or 0
        positions = services.projections.positions()
    except Exception as error:  # the database is gone: say so, keep the last figures
        DATABASE_UP.set(0)
        log.debug("store figures not read: %s", type(error).__name__)
        return
    DATABASE_UP.set(1)
    EVENT_STORE_POSITION.set(head)
    for view, position in positions.items():
        PROJECTION_LAG.labels(view).set(max(0, head - position))


def render(services: Any | None = None) -> tuple[bytes, str]:
    """The Prometheus text of every process of this server (or of this process alone)."""
    if services is not None:
        record_store(services)
        record_pool(services.db)
    if os.environ.get(ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def serve_metrics(port: int, host: str = "0.0.0.0") -> None:
    """This process's metrics on http://host:port/metrics (a standalone scheduler or runner)."""
    from prometheus_client import start_http_server

    start_http_server(port, addr=host)
