"""Calendar months in Asia/Seoul, as the monthly Surprise & Delight round counts them."""
from __future__ import annotations

import re
from datetime import datetime

from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.errors import InvalidCommand

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def month_bounds(month: str) -> tuple[datetime, datetime]:
    match = MONTH.match(month or "")
    if not match:
        raise InvalidCommand("month.format", "month must look like 2026-11", "month")
    year, number = int(match[1]), int(match[2])
    start = datetime(year, number, 1, tzinfo=SEOUL)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=SEOUL)
    return start, end


def previous_months(month: str, count: int) -> list[str]:
    year, number = int(month[:4]), int(month[5:])
    months = []
    for _ in range(count):
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
        months.append(f"{year:04d}-{number:02d}")
    return months


def month_just_ended(now: datetime) -> str:
    local = now.astimezone(SEOUL)
    return previous_months(f"{local.year:04d}-{local.month:02d}", 1)[0]


def month_of(moment: datetime) -> str:
    return moment.astimezone(SEOUL).strftime("%Y-%m")


def is_running(month: str, now: datetime) -> bool:
    """Whether `now` falls in the month (Seoul time): its Surprise & Delight round is
    provisional."""
    start, end = month_bounds(month)
    return start <= now < end
