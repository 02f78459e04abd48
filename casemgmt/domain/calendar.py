"""The Korean business calendar (Asia/Seoul): which days are business days, and counting.

Pure: the standard library and the ``holidays`` package only. Nothing here reads the clock;
every moment is passed in and must be timezone-aware (a naive datetime is refused rather
than guessed at).

* Time zone. Korea has kept UTC+09:00 all year since 1988 (no daylight saving), so a fixed
  +09:00 offset is exact for every date this service handles and needs no tz database.
  Every datetime returned is in +09:00; moments given in another offset are converted first,
  so "the Seoul date" of 2026-11-20T20:00Z is 2026-11-21.
* Business day (영업일): Monday to Friday and not a public holiday (공휴일).
* Public holidays: ``holidays.country_holidays("KR")`` — the days of 「관공서의 공휴일에 관한
  규정」 and 「공휴일에 관한 법률」, including Seollal and Chuseok (three days each),
  substitute holidays (대체공휴일), election days and the temporary holidays (임시공휴일)
  known when the package was released. Note the rules the package applies, which the
  tests pin down: a Seollal/Chuseok day falling on a *Sunday* (not a Saturday) earns a
  substitute day — Chuseok 2026 (Sep 24–26, Thu–Sat) has none, Seollal 2027 (Feb 6–8,
  Sat–Mon) has Feb 9 — while the national days (3·1, 5·5, 8·15, 10·3, 10·9, 12·25, ...)
  earn one on either weekend day. A temporary holiday designated after the installed
  package was released goes in ``extra_holidays``.

Two ways of counting, on purpose:

``add_business_days(moment, n)``
    Day 1 is the first business day *after* the moment's Seoul date; the result is the n-th
    such day at the moment's time of day. A moment on a weekend or holiday therefore counts
    from the next business day: Friday 10:00 + 1 → Monday 10:00, Saturday 10:00 + 1 →
    Monday 10:00, Saturday + 3 → Wednesday. This matches how a statute counts "n business
    days from the day X happened" (the day itself is not counted, 민법 제157조) and never
    gives more time than that.

``add_calendar_days(moment, n)``
    Plain calendar arithmetic in Seoul, keeping the time of day. Statutory periods in
    calendar days are built on it in ``deadlines.py``, which adds the Civil Act's rules
    (first day not counted, end of the last day, a last day on a Saturday or holiday
    moves on).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import holidays

#: Asia/Seoul. A fixed offset is exact: Korea has not observed daylight saving since 1988.
SEOUL = timezone(timedelta(hours=9), "KST")

SATURDAY, SUNDAY = 5, 6


@lru_cache(maxsize=None)
def korean_public_holidays(year: int) -> frozenset[date]:
    """The public holidays of one year, as the ``holidays`` package knows them (cached per year)."""
    return frozenset(holidays.country_holidays("KR", years=year).keys())


@lru_cache(maxsize=None)
def _holiday_names(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("KR", years=year))


@dataclass(frozen=True)
class BusinessCalendar:
    """Business days in Korea; ``extra_holidays`` adds days the package does not know yet."""

    extra_holidays: frozenset[date] = field(default_factory=frozenset)

    # -- days ------------------------------------------------------------------------------

    def is_public_holiday(self, day: date) -> bool:
        """A 공휴일: Sunday (관공서의 공휴일에 관한 규정 제2조제1호) or a listed holiday."""
        day = _as_date(day)
        return (day.weekday() == SUNDAY or day in korean_public_holidays(day.year)
                or day in self.extra_holidays)

    def is_business_day(self, day: date) -> bool:
        day = _as_date(day)
        return day.weekday() < SATURDAY and not self.is_public_holiday(day)

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name (English, as the package gives it), or None on other days."""
        day = _as_date(day)
        if day in self.extra_holidays:
            return "extra holiday"
        return _holiday_names(day.year).get(day)

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        day = _as_date(day) + timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    # -- moments ---------------------------------------------------------------------------

    @staticmethod
    def in_seoul(moment: datetime) -> datetime:
        """The same instant in +09:00; a naive datetime is refused."""
        if not isinstance(moment, datetime):
            raise TypeError(f"expected a datetime, got {type(moment).__name__}")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError("a timezone-aware datetime is required (Asia/Seoul is never assumed)")
        return moment.astimezone(SEOUL)

    def add_business_days(self, moment: datetime, days: int) -> datetime:
        """The ``days``-th business day after the moment's Seoul date, at its time of day."""
        days = _count(days)
        local = self.in_seoul(moment)
        return datetime.combine(_nth_business_day_after(self, local.date(), days), local.timetz())

    def add_calendar_days(self, moment: datetime, days: int) -> datetime:
        """``days`` calendar days later in Seoul, at the same time of day (no holiday rule)."""
        return self.in_seoul(moment) + timedelta(days=_count(days))


@lru_cache(maxsize=4096)
def _nth_business_day_after(calendar: BusinessCalendar, day: date, days: int) -> date:
    # Kept: the views work out every claim's deadlines in each batch, and a batch's claims
    # share a handful of dates (the calendar is frozen, so the answer never changes).
    for _ in range(days):
        day = calendar.next_business_day(day)
    return day


def _as_date(day: date) -> date:
    if isinstance(day, datetime):
        return BusinessCalendar.in_seoul(day).date()
    if not isinstance(day, date):
        raise TypeError(f"expected a date, got {type(day).__name__}")
    return day


def _count(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"a whole number of days is required, got {days!r}")
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    return days
