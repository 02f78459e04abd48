"""APScheduler wiring: when each job runs. What a job does lives in application/jobs.py."""
from __future__ import annotations

import logging
import time
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from casemgmt.application.jobs import run_job
from casemgmt.bootstrap import Services
from casemgmt.telemetry.metrics import job_run

log = logging.getLogger("casemgmt.scheduler")
TIMEZONE = "Asia/Seoul"


def _runner(svc: Services, name: str):
    def run() -> None:
        started = time.perf_counter()
        try:
            with job_run(name):
                outcome = run_job(svc.casemgmt, name)
            # counts, ids and times only: lists are counted, never written out
            log.info("job %s done", name, extra={
                "job": name, "duration_ms": _ms_since(started),
                "result": {k: v if not isinstance(v, list) else len(v)
                           for k, v in outcome["result"].items()}})
        except Exception as error:  # the next firing retries; jobs are idempotent
            log.error("job %s failed: %s", name, type(error).__name__,
                      extra={"job": name, "duration_ms": _ms_since(started)})
    return run


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def schedule(scheduler, svc: Services, sweep_minutes: int = 5) -> None:
    # coalesce + max_instances=1: after downtime a job runs once, not once per missed firing,
    # and never overlaps itself in this process (other processes are made safe by the jobs).
    defaults = dict(coalesce=True, max_instances=1, misfire_grace_time=None, replace_existing=True)
    scheduler.add_job(_runner(svc, "deadline-sweep"), IntervalTrigger(minutes=sweep_minutes),
                      id="deadline-sweep", next_run_time=_now(), **defaults)
    scheduler.add_job(_runner(svc, "happy-calls"), CronTrigger(hour=10, minute=0,
                                                               timezone=TIMEZONE),
                      id="happy-calls", **defaults)
    scheduler.add_job(_runner(svc, "surprise-delight"), CronTrigger(day=1, hour=9, minute=0,
                                                                    timezone=TIMEZONE),
                      id="surprise-delight", **defaults)
    scheduler.add_job(_runner(svc, "retention"), CronTrigger(hour=3, minute=0, timezone=TIMEZONE),
                      id="retention", **defaults)
    scheduler.add_job(_runner(svc, "audit-anchor"), CronTrigger(hour=4, minute=0,
                                                                timezone=TIMEZONE),
                      id="audit-anchor", **defaults)


def _now() -> datetime:
    return datetime.now(ZoneInfo(TIMEZONE))


def start_in_background(svc: Services) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=TIMEZONE)
    schedule(scheduler, svc)
    scheduler.start()
    return scheduler


def run_blocking(svc: Services) -> None:
    scheduler = BlockingScheduler(timezone=TIMEZONE)
    schedule(scheduler, svc)
    scheduler.start()
