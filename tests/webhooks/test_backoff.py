"""The retry schedule: doubling waits with jitter, capped, and a budget from the first try."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from casemgmt.webhooks.backoff import RetrySchedule

FIRST_TRY = datetime(2026, 11, 20, 1, 0, tzinfo=timezone.utc)
DEFAULT = RetrySchedule()


def test_waits_double_from_ten_seconds_with_up_to_half_taken_off_by_jitter():
    rng = random.Random(7)

    waits = [DEFAULT.delay(attempt, rng) for attempt in range(1, 6)]

    for attempt, wait in enumerate(waits, start=1):
        ceiling = timedelta(seconds=10 * 2 ** (attempt - 1))
        assert ceiling / 2 <= wait <= ceiling, (attempt, wait)


def test_waits_stop_growing_at_an_hour():
    rng = random.Random(7)

    waits = [DEFAULT.delay(attempt, rng) for attempt in range(12, 40)]

    assert max(waits) <= timedelta(hours=1)
    assert min(waits) >= timedelta(minutes=30)


def test_jitter_spreads_deliveries_that_failed_together():
    rng = random.Random(1)

    waits = {DEFAULT.delay(5, rng) for _ in range(50)}

    assert len(waits) == 50


def test_a_delivery_is_given_up_on_once_the_next_try_would_be_more_than_24_hours_after_the_first():
    rng = random.Random(3)
    now, attempts, tries_at = FIRST_TRY, 1, [FIRST_TRY]
    while (next_at := DEFAULT.next_attempt(attempts, FIRST_TRY, now, rng)) is not None:
        tries_at.append(next_at)
        now, attempts = next_at, attempts + 1

    assert tries_at[-1] - FIRST_TRY <= timedelta(hours=24)
    assert tries_at[-1] - FIRST_TRY > timedelta(hours=23)
    assert 25 <= len(tries_at) <= 50  # about a dozen quick tries, then about hourly


def test_a_schedule_must_start_with_a_positive_wait_no_longer_than_its_cap():
    with pytest.raises(ValueError):
        RetrySchedule(first_delay=timedelta(0))
    with pytest.raises(ValueError):
        RetrySchedule(first_delay=timedelta(hours=2), max_delay=timedelta(hours=1))
