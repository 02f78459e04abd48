"""The `casemgmt` command: serve, migrate, staff add|token|revoke|change|list, replay, deliver,
simulate."""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

from casemgmt import simulation_cli
from casemgmt.cli_output import dumps, rfc3339
from casemgmt.config import Settings, SettingsError
from casemgmt.domain.values import Role

ROLES = [role.value for role in Role]
LONG_RUNNING = {"serve", "scheduler", "project", "deliver"}  # log at INFO; one-shot ones warn


def main(argv: list[str] | None = None) -> int:
    from casemgmt.telemetry.logs import configure_logging

    parser = _parser()
    args = parser.parse_args(argv)
    configure_logging(logging.INFO if args.command in LONG_RUNNING else logging.WARNING)
    try:
        settings = Settings.from_env()
        return args.run(args, settings)
    except SettingsError as error:
        print(f"casemgmt: {error}", file=sys.stderr)
        return 2


def _version() -> str:
    try:
        return version("casemgmt")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="casemgmt", description=__doc__,
        epilog="Settings come from CASEMGMT_* environment variables (see README.md).")
    parser.add_argument("--version", action="version", version=f"casemgmt {_version()}",
                        help="print the installed version and exit")
    commands = parser.add_subparsers(dest="command", required=True)

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
    scheduler.add_argument("--metrics-port", type=int, metavar="PORT",
                           help="serve this process's Prometheus metrics (job runs, failures,"
                                " durations) at http://0.0.0.0:PORT/metrics")
    scheduler.set_defaults(run=_scheduler)

    project = commands.add_parser("project", help="run the projection runner alone")
    project.add_argument("--rebuild", action="store_true",
                         help="clear every view and apply all events again, then exit")
    project.add_argument("--once", action="store_true", help="catch up once, then exit")
    project.add_argument("--interval", type=float, default=0.5,
                         help="seconds between polls (default: %(default)s)")
    project.add_argument("--metrics-port", type=int, metavar="PORT",
                         help="serve this process's Prometheus metrics (each view's lag, the"
                              " store's position) at http://0.0.0.0:PORT/metrics")
    project.set_defaults(run=_project)

    deliver = commands.add_parser("deliver", help="run the webhook delivery runner alone")
    deliver.add_argument("--once", action="store_true",
                         help="deliver what is due now, then exit")
    deliver.add_argument("--interval", type=float, default=0.2, help="seconds between polls")
    deliver.set_defaults(run=_deliver)

    migrate = commands.add_parser("migrate", help="create or upgrade the tables (idempotent)")
    migrate.set_defaults(run=_migrate)

    staff = commands.add_parser("staff", help="manage staff").add_subparsers(dest="staff_command",
                                                                              required=True)
    add = staff.add_parser("add", help='register a staff member; prints {"id", "token"}')
    add.add_argument("--name", required=True, help="the member's name as colleagues know it")
    add.add_argument("--role", required=True, choices=ROLES,
                     help="what the member may do: %(choices)s")
    add.add_argument("--authority-limit", type=int, default=0, metavar="KRW",
                     help="remedies the member may grant alone, in won (default: 0)")
    add.set_defaults(run=_staff_add)

    token = staff.add_parser("token",
                             help='issue another token; prints {"id", "token", "expires_at"}')
    token.add_argument("--id", required=True, metavar="STAFF_ID",
                       help="the member who gets the token")
    token.set_defaults(run=_staff_token)

    revoke = staff.add_parser("revoke", help="revoke all of a member's tokens, or one token")
    which = revoke.add_mutually_exclusive_group(required=True)
    which.add_argument("--token-of", metavar="STAFF_ID", help="every token the member holds now")
    which.add_argument("--token", metavar="TOKEN",
                       help="one token; '-' reads it from stdin (keeps it out of shell history)")
    revoke.set_defaults(run=_staff_revoke)

    change = staff.add_parser("change", help="change a member's role and/or authority limit")
    change.add_argument("--id", required=True, metavar="STAFF_ID", help="the member to change")
    change.add_argument("--role", choices=ROLES, help="the new role: %(choices)s")
    change.add_argument("--authority-limit", type=int, metavar="KRW",
                        help="the new limit, in won")
    change.set_defaults(run=_staff_change)

    listing = staff.add_parser("list", help="print staff as JSON lines "
                                            '{"id", "name", "role", "authority_limit", "active"}')
    listing.add_argument("--role", choices=ROLES, help="only members of this role: %(choices)s")
    state = listing.add_mutually_exclusive_group()
    state.add_argument("--active", dest="active", action="store_const", const=True,
                       help="only members holding a token neither revoked nor expired")
    state.add_argument("--inactive", dest="active", action="store_const", const=False,
                       help="only members who cannot sign in now (every token revoked or expired)")
    listing.set_defaults(run=_staff_list)

    replay = commands.add_parser("replay", help="print a claim's timeline for an auditor")
    replay.add_argument("claim_id", help="the claim's id")
    replay.add_argument("--as-of", type=_aware_time, metavar="TIME",
                        help="RFC 3339 time with offset, e.g. 2026-11-20T10:00:00+09:00")
    replay.add_argument("--show-personal-data", action="store_true",
                        help="print customer names, phones and e-mails unmasked (needs --by;"
                             " written to the PII access log first)")
    replay.add_argument("--by", metavar="STAFF_ID",
                        help="the supervisor reading: named in the PII access log's row")
    replay.set_defaults(run=_replay)
    simulation_cli.add_parser(commands)  # `casemgmt simulate` (issue 12)

    from casemgmt.audit_cli import add_audit_commands

    add_audit_commands(commands)  # keygen, anchor, verify (audit anchors, issue 15)
    return parser


def _aware_time(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an RFC 3339 time: {text!r}") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("the time needs an offset, e.g. +09:00")
    return moment


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
                print(f"casemgmt: no job {args.job!r}; jobs: {', '.join(JOBS)}", file=sys.stderr)
                return 2
            print(dumps(run_job(services.casemgmt, args.job)))
            return 0
        from casemgmt.infrastructure.scheduler import run_blocking

        _serve_metrics(args.metrics_port)
        run_blocking(services)
        return 0
    finally:
        services.close()


def _project(args, settings: Settings) -> int:
    import signal
    import threading

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
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        print(f"projecting {settings.describe()}; lag {runner.lag()}", file=sys.stderr)
        _watch_store(services, stop, args.metrics_port)
        runner.run_forever(stop, interval=args.interval)
        return 0
    finally:
        services.close()


def _deliver(args, settings: Settings) -> int:
    import signal
    import threading

    from casemgmt.bootstrap import build
    from casemgmt.webhooks.wiring import compose

    services = build(settings)
    runner = compose(services).runner()
    try:
        if args.once:
            runner.run_until_idle()
            runner.close()
            return 0
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
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


def _migrate(args, settings: Settings) -> int:
    from casemgmt.bootstrap import build

    services = build(settings)
    try:
        for migration in services.applied_migrations:
            print(f"applied {migration.version:04d} {migration.name}")
        print(f"database {settings.describe()} is up to date")
    finally:
        services.close()
    return 0


def _staff_add(args, settings: Settings) -> int:
    from casemgmt.bootstrap import build
    from casemgmt.domain.errors import DomainError

    services = build(settings)
    try:
        member, token = services.casemgmt.add_staff(args.name, args.role, args.authority_limit)
    except DomainError as error:
        print(f"casemgmt: {error.message}", file=sys.stderr)
        return 2
    finally:
        services.close()
    print(dumps({"id": str(member.id), "token": token}))
    return 0


def _staff_command(settings: Settings, use_case) -> int:
    """Run a staff use case; its failures become one line on stderr and an exit status."""
    from casemgmt.application.errors import StaffNotFound, Unauthenticated
    from casemgmt.bootstrap import build
    from casemgmt.domain.errors import DomainError

    services = build(settings)
    try:
        result = use_case(services.casemgmt)
    except StaffNotFound as error:
        print(f"casemgmt: no staff member {error}", file=sys.stderr)
        return 1
    except Unauthenticated:
        print("casemgmt: no such token", file=sys.stderr)
        return 1
    except DomainError as error:
        print(f"casemgmt: {error.message}", file=sys.stderr)
        return 2
    finally:
        services.close()
    print(dumps(result))
    return 0


def _staff_token(args, settings: Settings) -> int:
    def issue(app) -> dict:
        token, expires_at = app.issue_token(args.id)
        return {"id": str(app.get_staff(args.id).id), "token": token,
                "expires_at": rfc3339(expires_at)}

    return _staff_command(settings, issue)


def _staff_revoke(args, settings: Settings) -> int:
    def revoke(app) -> dict:
        if args.token_of:
            member = app.revoke_tokens_of(args.token_of)
            return {"id": str(member.id), "revoked": "all",
                    "at": rfc3339(member.tokens_revoked_at)}
        secret = sys.stdin.readline().strip() if args.token == "-" else args.token
        token = app.revoke_token(secret)
        return {"id": token.staff_id, "revoked": "token", "at": rfc3339(token.revoked_at)}

    return _staff_command(settings, revoke)


def _staff_change(args, settings: Settings) -> int:
    def change(app) -> dict:
        member = app.change_staff(args.id, role=args.role, authority_limit=args.authority_limit)
        return {"id": str(member.id), "role": member.role,
                "authority_limit": member.authority_limit}

    return _staff_command(settings, change)


def _staff_list(args, settings: Settings) -> int:
    from casemgmt.bootstrap import build

    services = build(settings)
    try:
        services.views.fresh()
        directory, after = services.views.staff, None
        while True:
            items, after = directory.page(role=args.role, active=args.active, after=after,
                                          limit=500)
            for item in items:
                print(dumps(item))
            if after is None:
                return 0
    finally:
        services.close()


def _replay(args, settings: Settings) -> int:
    from casemgmt.application.errors import ClaimNotFound, StaffNotFound
    from casemgmt.bootstrap import build
    from casemgmt.replay_access import ReplayRefused, record_replay
    from casemgmt.timeline import print_timeline

    if args.show_personal_data and not args.by:
        print("casemgmt: --show-personal-data needs --by STAFF_ID: who reads is written to"
              " the PII access log", file=sys.stderr)
        return 2
    services = build(settings)
    try:
        if args.show_personal_data:
            record_replay(services, args.claim_id, args.by)  # before anything is shown
        print_timeline(services.casemgmt, args.claim_id, as_of=args.as_of,
                       masked=not args.show_personal_data)
    except ClaimNotFound as error:
        print(f"casemgmt: no claim {error}", file=sys.stderr)
        return 1
    except StaffNotFound as error:
        print(f"casemgmt: no staff member {error}", file=sys.stderr)
        return 1
    except ReplayRefused as error:
        print(f"casemgmt: {error}", file=sys.stderr)
        return 2
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
