"""The `casemgmt` command: serve, migrate, staff add|token|revoke|change|list, replay, deliver,
simulate."""
from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

from casemgmt import simulation_cli
from casemgmt.cli_output import fail
from casemgmt.config import Settings, SettingsError
from casemgmt.process_cli import add_process_commands
from casemgmt.staff_cli import add_staff_commands

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
        return fail(error, 2)


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

    add_process_commands(commands)  # serve, scheduler, project, deliver

    migrate = commands.add_parser("migrate", help="create or upgrade the tables (idempotent)")
    migrate.set_defaults(run=_migrate)

    add_staff_commands(commands)  # add, token, revoke, change, list

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


def _replay(args, settings: Settings) -> int:
    from casemgmt.application.errors import ClaimNotFound, StaffNotFound
    from casemgmt.bootstrap import build
    from casemgmt.replay_access import ReplayRefused, record_replay
    from casemgmt.timeline import print_timeline

    if args.show_personal_data and not args.by:
        return fail("--show-personal-data needs --by STAFF_ID: who reads is written to"
                    " the PII access log", 2)
    services = build(settings)
    try:
        if args.show_personal_data:
            record_replay(services, args.claim_id, args.by)  # before anything is shown
        print_timeline(services.casemgmt, args.claim_id, as_of=args.as_of,
                       masked=not args.show_personal_data)
    except ClaimNotFound as error:
        return fail(f"no claim {error}", 1)
    except StaffNotFound as error:
        return fail(f"no staff member {error}", 1)
    except ReplayRefused as error:
        return fail(error, 2)
    finally:
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
