"""The Korean business calendar: weekends, Seollal, Chuseok, substitute holidays, year ends."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from casemgmt.domain.calendar import BusinessCalendar, korean_public_holidays
from tests.builders import kst

CALENDAR = BusinessCalendar()


# -- which days are business days ------------------------------------------------------------

def test_weekdays_are_business_days_and_weekends_are_not():
    # Arrange
    monday, friday = date(2026, 11, 16), date(2026, 11, 20)
    saturday, sunday = date(2026, 11, 21), date(2026, 11, 22)

    # Act / Assert
    assert CALENDAR.is_business_day(monday)
    assert CALENDAR.is_business_day(friday)
    assert not CALENDAR.is_business_day(saturday)
    assert not CALENDAR.is_business_day(sunday)


def test_sunday_counts_as_a_public_holiday_and_saturday_does_not():
    # 관공서의 공휴일에 관한 규정 제2조제1호 lists Sunday; Saturday is a day off, not a 공휴일.
    assert CALENDAR.is_public_holiday(date(2026, 11, 22))
    assert not CALENDAR.is_public_holiday(date(2026, 11, 21))


def test_seollal_2027_runs_feb_6_to_8_with_a_substitute_holiday_on_feb_9():
    # Arrange: Feb 6 (Sat), 7 (Sun, 설날), 8 (Mon); the Sunday overlap earns Tue Feb 9.
    seollal = [date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)]
    substitute = date(2027, 2, 9)

    # Act
    holidays_2027 = korean_public_holidays(2027)

    # Assert
    assert all(day in holidays_2027 for day in seollal)
    assert substitute in holidays_2027
    assert "Alternative" in CALENDAR.holiday_name(substitute)
    assert not CALENDAR.is_business_day(substitute)
    assert CALENDAR.is_business_day(date(2027, 2, 5))
    assert CALENDAR.is_business_day(date(2027, 2, 10))


def test_seollal_2026_runs_feb_16_to_18():
    assert [CALENDAR.is_business_day(date(2026, 2, d)) for d in range(13, 20)] == [
        True, False, False, False, False, False, True]   # Fri, Sat, Sun, Mon–Wed Seollal, Thu


def test_chuseok_2026_runs_sep_24_to_26_and_earns_no_substitute_for_its_saturday():
    # Arrange: Sep 24 (Thu), 25 (Fri, 추석), 26 (Sat). A Seollal/Chuseok day earns a
    # substitute only when it falls on a Sunday, so Mon Sep 28 is a working day.
    chuseok = [date(2026, 9, 24), date(2026, 9, 25), date(2026, 9, 26)]

    # Act / Assert
    assert all(day in korean_public_holidays(2026) for day in chuseok)
    assert CALENDAR.is_business_day(date(2026, 9, 28))


def test_a_national_day_on_a_saturday_earns_a_monday_substitute_holiday():
    # 개천절 Sat 2026-10-03 → Mon Oct 5; 광복절 Sat 2026-08-15 → Mon Aug 17.
    assert not CALENDAR.is_business_day(date(2026, 10, 5))
    assert not CALENDAR.is_business_day(date(2026, 8, 17))
    assert CALENDAR.is_business_day(date(2026, 10, 6))


def test_extra_holidays_are_not_business_days():
    # Arrange: a temporary holiday designated after the package was released.
    calendar = BusinessCalendar(extra_holidays=frozenset({date(2026, 11, 18)}))

    # Act / Assert
    assert not calendar.is_business_day(date(2026, 11, 18))
    assert calendar.is_public_holiday(date(2026, 11, 18))
    assert CALENDAR.is_business_day(date(2026, 11, 18))


def test_counting_business_days_depends_on_the_calendars_own_extra_holidays():
    # Counted days are remembered per calendar: one with a temporary holiday on Wed 11-18
    # must not be given the count the plain calendar made for the same day.
    plain = CALENDAR.add_business_days(kst(2026, 11, 17, 10), 1)
    extra = BusinessCalendar(extra_holidays=frozenset({date(2026, 11, 18)}))

    assert plain == kst(2026, 11, 18, 10)
    assert extra.add_business_days(kst(2026, 11, 17, 10), 1) == kst(2026, 11, 19, 10)
    assert CALENDAR.add_business_days(kst(2026, 11, 17, 10), 1) == kst(2026, 11, 18, 10)


def test_holidays_are_cached_per_year():
    assert korean_public_holidays(2027) is korean_public_holidays(2027)


# -- adding business days ---------------------------------------------------------------------

def test_one_business_day_after_a_weekday_is_the_next_day_at_the_same_time():
    # Arrange
    tuesday = kst(2026, 11, 17, 15, 30)

    # Act
    due = CALENDAR.add_business_days(tuesday, 1)

    # Assert
    assert due == kst(2026, 11, 18, 15, 30)
    assert due.utcoffset() == timedelta(hours=9)


def test_business_days_skip_the_weekend():
    assert CALENDAR.add_business_days(kst(2026, 11, 20, 17), 1) == kst(2026, 11, 23, 17)
    assert CALENDAR.add_business_days(kst(2026, 11, 19, 17), 3) == kst(2026, 11, 24, 17)


def test_a_moment_on_a_weekend_counts_from_the_next_business_day():
    # Arrange
    saturday = kst(2026, 11, 21, 14)

    # Act / Assert: day 1 is Monday, day 3 Wednesday.
    assert CALENDAR.add_business_days(saturday, 1) == kst(2026, 11, 23, 14)
    assert CALENDAR.add_business_days(saturday, 3) == kst(2026, 11, 25, 14)


def test_business_days_skip_seollal_2027_and_its_substitute_holiday():
    # Arrange: Friday before the long weekend.
    friday = kst(2027, 2, 5, 11)

    # Act
    due = CALENDAR.add_business_days(friday, 1)

    # Assert: Sat 6, Sun 7, Mon 8, Tue 9 (substitute) are skipped.
    assert due == kst(2027, 2, 10, 11)


def test_business_days_skip_chuseok_2026_but_not_the_monday_after():
    assert CALENDAR.add_business_days(kst(2026, 9, 23, 9), 1) == kst(2026, 9, 28, 9)


def test_business_days_skip_a_substitute_holiday_for_a_national_day():
    # Fri Oct 2, 2026 → Sat 3 (개천절), Sun 4, Mon 5 (substitute) → Tue Oct 6.
    assert CALENDAR.add_business_days(kst(2026, 10, 2, 16), 1) == kst(2026, 10, 6, 16)


def test_business_days_cross_a_month_end():
    assert CALENDAR.add_business_days(kst(2026, 1, 30, 10), 1) == kst(2026, 2, 2, 10)


@pytest.mark.parametrize(("start", "expected"), [
    (kst(2025, 12, 31, 18), kst(2026, 1, 2, 18)),   # Wed → New Year's Day → Fri Jan 2
    (kst(2026, 12, 31, 18), kst(2027, 1, 4, 18)),   # Thu → Jan 1 (Fri), weekend → Mon Jan 4
])
def test_business_days_cross_a_year_end_over_new_years_day(start, expected):
    assert CALENDAR.add_business_days(start, 1) == expected


def test_a_moment_in_another_offset_counts_from_its_seoul_date():
    # Arrange: Thu 20:00 UTC is already Fri 05:00 in Seoul.
    moment = datetime(2026, 11, 19, 20, 0, tzinfo=timezone.utc)

    # Act
    due = CALENDAR.add_business_days(moment, 1)

    # Assert
    assert due == kst(2026, 11, 23, 5)
    assert due.utcoffset() == timedelta(hours=9)


def test_adding_zero_business_days_returns_the_moment_in_seoul():
    moment = datetime(2026, 11, 21, 1, 0, tzinfo=timezone.utc)
    assert CALENDAR.add_business_days(moment, 0) == moment
    assert CALENDAR.add_business_days(moment, 0).utcoffset() == timedelta(hours=9)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        CALENDAR.add_business_days(datetime(2026, 11, 20, 10), 1)


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        CALENDAR.add_business_days(kst(2026, 11, 20, 10), -1)


# -- adding calendar days ---------------------------------------------------------------------

def test_calendar_days_ignore_holidays_and_keep_the_time_of_day():
    # Arrange
    start = kst(2026, 12, 31, 9, 15)

    # Act
    later = CALENDAR.add_calendar_days(start, 2)

    # Assert: Jan 1 (holiday) and Jan 2 (Saturday) are counted like any day.
    assert later == kst(2027, 1, 2, 9, 15)
    assert later.utcoffset() == timedelta(hours=9)
