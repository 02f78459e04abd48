"""`casemgmt simulate`: the policy simulation for any period, with its progress on stderr and
the report (POST /api/v1/simulations's answer) as JSON on stdout.

  casemgmt simulate --from 2025-01-01 --to 2025-12-31 --tier-multiplier loyal=2 \\
      --limit <staff id>=60000 --standard-edition FTC-2024-12-27 \\
      --deadline resolution_business_days.delivery=5 --deadline first_response_business_days=2
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from casemgmt.cli_output import fail
from casemgmt.config import Settings


def add_parser(commands: Any) -> None:
    simulate = commands.add_parser("simulate", help="replay a period under other rules (report "
                                                    "as JSON; progress on stderr)")
    simulate.add_argument("--from", dest="start", type=_day, required=True,
                          metavar="YYYY-MM-DD", help="first day of receipt (Asia/Seoul)")
    simulate.add_argument("--to", dest="end", type=_day, required=True,
                          metavar="YYYY-MM-DD", help="last day of receipt, inclusive")
    simulate.add_argument("--tier-multiplier", action="append", default=[], metavar="TIER=X",
                          help="a tier's authority multiplier, e.g. loyal=2 (repeatable)")
    simulate.add_argument("--limit", action="append", default=[], metavar="STAFF_ID=KRW",
                          help="a staff member's authority limit in won (repeatable)")
    simulate.add_argument("--standard-edition", metavar="EDITION",
                          help="cite this edition of the remedy standard, e.g. FTC-2025-12-18")
    simulate.add_argument("--deadline", action="append", default=[], metavar="NAME=DAYS",
                          help="a DeadlinePolicy length; resolution_business_days.<category>")
    simulate.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from casemgmt.application.simulations import WhatIf
    from casemgmt.bootstrap import build
    from casemgmt.domain.errors import DomainError
    from casemgmt.domain.values import Category
    from casemgmt.infrastructure.progress import Progress

    try:
        what_if = WhatIf(start=args.start, end=args.end, edition=args.standard_edition,
                         tier_multipliers={k: float(v) for k, v in _pairs(args.tier_multiplier)}
                         or None,
                         limits={k: int(v) for k, v in _pairs(args.limit)},
                         deadlines=_deadlines(args.deadline))
    except ValueError as error:
        return fail(error, 2)
    services = build(settings)
    try:
        head = services.casemgmt.recorder.max_notification_id() or 0
        progress = Progress(total=head, label="simulate")
        report = services.simulations.run(what_if, _reporter(progress))
        progress.finish(report.events_read)
    except (DomainError, ValueError) as error:
        return fail(getattr(error, 'message', error), 2)
    finally:
        services.close()
    body = report.as_dict(what_if.start, what_if.end, [c.value for c in Category])
    print(json.dumps(body, ensure_ascii=False, default=str, indent=2))
    return 0


def _day(text: str) -> date:
    day = date.fromisoformat(text)
    if not date(1900, 1, 1) <= day <= date(2999, 12, 31):
        raise argparse.ArgumentTypeError(f"{text} is not a day from 1900 to 2999")
    return day


def _reporter(progress: Any):
    seen = [0]

    def report(position: int, head: int) -> None:
        progress(position, position - seen[0])
        seen[0] = position
    return report


def _pairs(items: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name or not value:
            raise ValueError(f"expected NAME=VALUE, not {item!r}")
        pairs.append((name, value))
    return pairs


def _deadlines(items: list[str]) -> dict[str, Any]:
    lengths: dict[str, Any] = {}
    for name, value in _pairs(items):
        if name.startswith("resolution_business_days."):
            lengths.setdefault("resolution_business_days", {})[name.split(".", 1)[1]] = int(value)
        else:
            lengths[name] = int(value)
    return lengths
