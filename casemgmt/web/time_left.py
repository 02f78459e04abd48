"""Time left until a deadline (or past it) on the business calendar, as the pages say it.

Business time is the part of a span that falls on business days (Seoul days that are not
weekends or public holidays), counted in whole days of 24 hours: a deadline at Monday 10:00
seen on Friday 10:00 is "1영업일" away, not three days. It is a display, not a rule: deadlines
themselves come from ``domain/deadlines.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from casemgmt.domain.calendar import SEOUL, BusinessCalendar

DAY = timedelta(days=1)
APPROACHING = timedelta(hours=8)  # less business time than this left: highlighted
MAX_DAYS_COUNTED = 3660           # a span longer than ten years is not worth counting exactly


@dataclass(frozen=True)
class TimeLeft:
    business: timedelta  # business time between now and the deadline
    overdue: bool

    @property
    def approaching(self) -> bool:
        return not self.overdue and self.business < APPROACHING

    @property
    def text(self) -> str:
        days, rest = divmod(self.business, DAY)
        hours, minutes = rest.seconds // 3600, rest.seconds % 3600 // 60
        parts = [f"{days}영업일"] if days else []
        if hours:
            parts.append(f"{hours}시간")
        if not days and minutes:
            parts.append(f"{minutes}분")
        amount = " ".join(parts) or "1분 미만"
        return f"{amount} 초과" if self.overdue else f"{amount} 남음"


def time_left(now: datetime, due: datetime, calendar: BusinessCalendar) -> TimeLeft:
    overdue = now > due
    start, end = (due, now) if overdue else (now, due)
    return TimeLeft(business_time(start, end, calendar), overdue)


def business_time(start: datetime, end: datetime, calendar: BusinessCalendar) -> timedelta:
    start, end = calendar.in_seoul(start), calendar.in_seoul(end)
    total = timedelta(0)
    day = start.date()
    for _ in range(MAX_DAYS_COUNTED):
        if day > end.date():
            break
        if calendar.is_business_day(day):
            opens = max(start, datetime.combine(day, time(0), tzinfo=SEOUL))
            closes = min(end, datetime.combine(day, time(0), tzinfo=SEOUL) + DAY)
            total += max(closes - opens, timedelta(0))
        day += DAY
    return total
