"""Time left until a deadline, counted on the business calendar: weekends and public holidays
do not count, overdue time is counted the same way, and the last hours are highlighted."""
from __future__ import annotations

from datetime import datetime

from casemgmt.application.clock import KST
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.web.time_left import time_left

CALENDAR = BusinessCalendar()


def at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=KST)


def test_a_weekend_between_now_and_the_deadline_does_not_count():
    left = time_left(at(20, 10), at(23, 15), CALENDAR)  # Friday 10:00 → Monday 15:00

    assert left.text == "1영업일 5시간 남음"
    assert not left.overdue and not left.approaching


def test_the_last_hours_are_approaching():
    left = time_left(at(23, 9), at(23, 15), CALENDAR)

    assert left.text == "6시간 남음" and left.approaching


def test_a_missed_deadline_says_how_far_past_it_is_in_business_time():
    left = time_left(at(24, 11, month=11), at(20, 10), CALENDAR)  # Friday 10:00, seen Tuesday 11:00

    assert left.overdue and not left.approaching
    assert left.text == "2영업일 1시간 초과"


def test_a_public_holiday_does_not_count():
    left = time_left(datetime(2026, 12, 24, 10, tzinfo=KST), datetime(2026, 12, 28, 10, tzinfo=KST),
                     CALENDAR)  # Christmas Friday, then the weekend

    assert left.text == "1영업일 남음"


def test_under_an_hour_is_said_in_minutes():
    assert time_left(at(23, 9), datetime(2026, 11, 23, 9, 40, tzinfo=KST), CALENDAR).text == \
        "40분 남음"
