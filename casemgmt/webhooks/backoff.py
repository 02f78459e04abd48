"""When a failed delivery is tried again: exponential backoff with jitter, for a bounded time.

Jitter spreads the retries of many deliveries that failed together (an endpoint that was down),
so they do not all come back at the same second. The budget counts from the first try, not
from when the event happened: a delivery held back behind an earlier one of its claim has not
started to spend it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class RetrySchedule:
    first_delay: timedelta = timedelta(seconds=10)
    max_delay: timedelta = timedelta(hours=1)
    budget: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if not timedelta(0) < self.first_delay <= self.max_delay:
            raise ValueError("first_delay must be positive and at most max_delay")

    def delay(self, attempts: int, rng: random.Random | None = None) -> timedelta:
        """The wait after the `attempts`-th failed try: doubling, capped, then 50–100 % of it."""
        doubled = self.first_delay * (2 ** min(max(attempts - 1, 0), 40))
        ceiling = min(doubled, self.max_delay)
        return ceiling * (0.5 + (rng or random).random() / 2)

    def next_attempt(self, attempts: int, first_attempt_at: datetime, now: datetime,
                     rng: random.Random | None = None) -> datetime | None:
        """When to try again after `attempts` failed tries, or None: the budget is spent."""
        at = now + self.delay(attempts, rng)
        return at if at - first_attempt_at <= self.budget else None
