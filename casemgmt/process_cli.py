"""`casemgmt serve | scheduler | project | deliver`: the long-running processes, each of which
can also run alone (the scheduler's `--run JOB`, the runners' `--once`)."""
from __future__ import annotations

import sys
from typing import Any

from casemgmt.cli_output import dumps, fail
from casemgmt.config import Settings


def add_process_commands(commands: Any) -> None:
    serve = commands.add_parser("serve", help="serve the REST API")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: %(default)s; 0.0.0.0 in a container)")
    serve.add_argument("--port", type=int, default=8080,
                       help="port to listen on (default: %(default)s)")
    serve.add_argument("--workers", type=int, default=None,
                       help="API worker processes (default: one per CPU); the projection runner "
                            "and the clock run once, in a background process beside them")
    serve.add_argument("--threads", type=int, default=8, help="threads per worker process")
    serve.add_argument("--no-scheduler", action="store_true",
                       help="leave the clock to a separate `casemgmt scheduler`")
    serve.set_defaults(run=_serve)

    scheduler = commands.add_parser("scheduler", help="run the clock's jobs alone")
    # dest="job": "run" is taken by set_defaults(run=...), the handler every command dispatches to
    scheduler.add_argument("--run", metavar="JOB", dest="job",
                           help="run one job now, print what it did, exit")
    _metrics_port(scheduler, "job runs, failures, durations")
    scheduler.set_defaults(run=_scheduler)

    project = commands.add_parser("project", help="run the projection runner alone")
    project.add_argument("--rebuild", action="store_true",
                         help="clear every view and apply all events again, then exit")
    _polling(project, once="catch up once, then exit", interval=0.5)
    _metrics_port(project, "each view's lag, the store's position")
    project.set_defaults(run=_project)

    deliver = commands.add_parser("deliver", help="run the webhook delivery runner alone")
    _polling(deliver, once="deliver what is due now, then exit", interval=0.2)
    deliver.set_defaults(run=_deliver)


def _polling(command: Any, *, once: str, interval: float) -> None:
    """A runner's options: one round and exit, or poll the store forever."""
    command.add_argument("--once", action="store_true", help=once)
    command.add_argument("--interval", type=float, default=interval,
                         help="seconds between polls (default: %(default)s)")


def _metrics_port(command: Any, what: str) -> None:
    command.add_argument("--metrics-port", type=int, metavar="PORT",
                         help=f"serve this process's Prometheus metrics ({what}) at "
                              "http://0.0.0.0:PORT/metrics")


def _serve(args, settings: Settings) -> int:
    from casemgmt.infrastructure.server import serve

    serve(settings, host=args.host, port=args.port, workers=args.workers, threads=args.threads,
          with_scheduler=not args.no_scheduler)
    return 0


def _serve_metrics(port: int | None) -> None:
    if port:
        from casemgmt.telemetry.metrics import serve_metrics

        serve_metrics(port)


def _scheduler(args, settings: Settings) -> int:
    from casemgmt.application.jobs import JOBS, run_job
    from casemgmt.bootstrap import build

    services = build(settings)
    try:
        if args.job:
            if args.job not in JOBS:
                return fail(f"no job {args.job!r}; jobs: {', '.join(JOBS)}", 2)
            print(dumps(run_job(services.casemgmt, args.job)))
            return 0
        from casemgmt.infrastructure.scheduler import run_blocking

        _serve_metrics(args.metrics_port)
        run_blocking(services)
        return 0
    finally:
        services.close()


def _stop_on_signals():
    """An event set by SIGINT or SIGTERM: the runner finishes its round and returns."""
    import signal
    import threading

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    return stop


def _project(args, settings: Settings) -> int:
    from casemgmt.bootstrap import build
    from casemgmt.infrastructure.progress import Progress

    services = build(settings)
    runner = services.projections
    try:
        if args.rebuild or args.once:
            head = services.casemgmt.recorder.max_notification_id() or 0
            progress = Progress(total=head, label="rebuild" if args.rebuild else "catch-up")
            count = runner.rebuild(progress=progress) if args.rebuild else runner.catch_up(
                progress=progress)
            progress.finish(count)
            if args.rebuild:  # checked against the last audit anchor, not blessed
                from casemgmt.audit_cli import check_rebuilt_trail

                return check_rebuilt_trail(services)
            return 0
        stop = _stop_on_signals()
        print(f"projecting {settings.describe()}; lag {runner.lag()}", file=sys.stderr)
        _watch_store(services, stop, args.metrics_port)
        runner.run_forever(stop, interval=args.interval)
        return 0
    finally:
        services.close()


def _deliver(args, settings: Settings) -> int:
    from casemgmt.bootstrap import build
    from casemgmt.webhooks.wiring import compose

    services = build(settings)
    runner = compose(services).runner()
    try:
        if args.once:
            runner.run_until_idle()
            runner.close()
            return 0
        stop = _stop_on_signals()
        print(f"delivering webhooks from {settings.describe()}", file=sys.stderr, flush=True)
        runner.run_forever(stop, interval=args.interval)
        return 0
    finally:
        services.close()


def _watch_store(services, stop, port: int | None) -> None:
    from casemgmt.telemetry.runner_log import log_projection_progress

    log_projection_progress(services.projections, stop)
    if port:
        from casemgmt.telemetry.metrics import record_store, watch_pool

        _serve_metrics(port)
        watch_pool(services.db)
        _every(5.0, stop, lambda: record_store(services))


def _every(seconds: float, stop, action) -> None:
    import threading

    def loop() -> None:
        while not stop.wait(seconds):
            action()

    threading.Thread(target=loop, daemon=True).start()

