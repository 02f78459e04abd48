"""`casemgmt serve`: the API under gunicorn, several worker processes (default: one per CPU),
and ONE background process beside them for the work that must not run twice: the projection
runner, the webhook deliveries and the clock (unless `--no-scheduler`).

Workers answer requests; a read of a view waits for the background runner to reach the
position it needs (projections/read_models.py), which PostgreSQL's NOTIFY (sent by every
event insert) or a short poll on SQLite wakes at once.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import replace

from gunicorn.app.base import BaseApplication

from casemgmt.config import Settings
from casemgmt.telemetry.logs import configure_logging
from casemgmt.telemetry.metrics_dir import forget_process, multiprocess_metrics

from . import gunicorn_conf
from .rate_table import runtime_directory
from .wakeups import listen_for_events
from .worker_app import WorkerApp

log = logging.getLogger("casemgmt.server")
POLL_SECONDS = {"sqlite": 0.05, "postgres": 0.5}  # PostgreSQL is woken by NOTIFY


class _Server(BaseApplication):
    def __init__(self, settings: Settings, options: dict):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from eventsourcing.persistence import InterfaceError, OperationalError

        from casemgmt.api.operations import without_database

        return WorkerApp(self._api, unavailable=(OperationalError, InterfaceError),
                         meanwhile=without_database)

    def _api(self):
        from casemgmt.api import create_app

        from casemgmt.telemetry.metrics import watch_pool

        app = create_app(self.settings)
        services = app.extensions["casemgmt"]
        services.projections.background = True  # the runner is the background process's
        services.db.check_pool_in_background()
        watch_pool(services.db)
        return app


def serve(settings: Settings, *, host: str, port: int, workers: int | None = None,
          threads: int = 8, with_scheduler: bool = True) -> None:
    configure_logging()
    # Before any process of the server imports prometheus_client (see metrics_dir.py).
    # The workers share one table of rate-limit levels (rate_table.py), made fresh here.
    limits_dir, remove_limits_dir = runtime_directory(settings.rate_limit_dir)
    settings = replace(settings, rate_limit_dir=limits_dir)
    with multiprocess_metrics():
        _preflight(settings)
        background = Background(settings, with_scheduler=with_scheduler)
        _Server(settings, {
            "bind": f"{host}:{port}",
            "workers": workers or os.cpu_count() or 1,
            "worker_class": gunicorn_conf.worker_class,
            "threads": threads,
            "accesslog": gunicorn_conf.accesslog,
            # one JSON line per request, with route, staff member and request id: see there
            "logger_class": gunicorn_conf.logger_class,
            "timeout": 60,
            "when_ready": lambda _server: background.start(),
            "on_exit": lambda _server: (background.stop(), remove_limits_dir()),
            "child_exit": lambda _server, worker: forget_process(worker.pid),
            "post_fork": lambda _server, _worker: _disown_background(),
        }).run()


def _disown_background() -> None:
    """A forked worker inherits multiprocessing's list of the master's children: at its exit
    multiprocessing would SIGTERM the background process (a daemon child) and fail to join
    it. The background process is the master's alone."""
    multiprocessing.process._children.clear()  # noqa: SLF001 (no public way to disown)


def _preflight(settings: Settings) -> None:
    """Compose once before any worker starts: a wrong CASEMGMT_CIPHER_KEY (or another setting
    the composition refuses) stops `serve` with one line and a non-zero status, instead of
    workers that fail to boot one after another; the migrations are applied once, here."""
    from casemgmt.bootstrap import build

    services = build(settings)
    # The holiday tables (150 ms) load here, in the master, so the workers forked from it
    # have them before their first request; CLI commands that never count days skip them.
    services.calendar.is_business_day(services.casemgmt.clock.now())
    services.close()


class Background:
    """The background process of `casemgmt serve`, restarted if it dies."""

    def __init__(self, settings: Settings, *, with_scheduler: bool):
        self.settings = settings
        self.with_scheduler = with_scheduler
        self._process: multiprocessing.Process | None = None
        self._stopping = threading.Event()

    def start(self) -> None:
        self._spawn()
        threading.Thread(target=self._watch, name="background-watch", daemon=True).start()

    def _spawn(self) -> None:
        context = multiprocessing.get_context("spawn")  # no forked locks or pools
        self._process = context.Process(target=run_background, name="casemgmt-background",
                                        args=(self.settings, self.with_scheduler), daemon=True)
        self._process.start()

    def _watch(self) -> None:
        while not self._stopping.wait(1.0):
            if self._process is not None and not self._process.is_alive():
                log.error("background process ended (exit %s); starting it again",
                          self._process.exitcode)
                forget_process(self._process.pid)
                self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(10)


ORPHAN_GRACE_SECONDS = 5.0


def _stop_when_orphaned(parent: int, stop: threading.Event) -> None:
    """A master killed outright (SIGKILL, OOM) cannot stop its background process: left
    running, it would go on working beside the next `serve`'s. It notices it was re-parented
    and stops itself."""
    while not stop.wait(1.0):
        if os.getppid() != parent:
            log.error("serve's master process is gone; background process stopping")
            stop.set()
            # A long catch-up only sees `stop` between rounds: end it the hard way after a
            # grace period (every write here is one transaction; a cut one rolls back).
            time.sleep(ORPHAN_GRACE_SECONDS)
            os._exit(1)


def run_background(settings: Settings, with_scheduler: bool) -> None:
    """The projection runner (woken by new events) and, unless told not to, the clock."""
    from casemgmt.bootstrap import build
    from casemgmt.telemetry.metrics import watch_pool
    from casemgmt.telemetry.runner_log import log_projection_progress

    configure_logging()
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    threading.Thread(target=_stop_when_orphaned, args=(os.getppid(), stop),
                     name="orphan-watch", daemon=True).start()
    services = build(settings)
    services.db.check_pool_in_background()
    watch_pool(services.db)
    runner = services.projections
    listen_for_events(services.casemgmt.recorder, runner.wake, stop)
    log_projection_progress(runner, stop)
    # Webhooks go out from here too; `casemgmt deliver` may run beside it (leases).
    from casemgmt.webhooks.wiring import compose

    threading.Thread(target=compose(services).runner().run_forever, args=(stop,),
                     name="webhooks", daemon=True).start()
    if with_scheduler:
        from .scheduler import start_in_background

        start_in_background(services)
        log.info("clock started", extra={"jobs": ["deadline-sweep", "happy-calls",
                                                  "surprise-delight", "retention"]})
    try:
        runner.run_forever(stop, interval=POLL_SECONDS[settings.backend])
    finally:
        log.info("background process stopping")
        services.close()
