"""When the team follows up after closure, and how long complaint records are kept.

Beside deadline_policy.py (the lengths of the deadlines a claim must meet): these are the
lengths of what the clock does on its own — happy calls, agency warnings, the monthly
Surprise & Delight round and retention.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class FollowUpPolicy:
    # long enough for the remedy to arrive before the customer is asked how it went
    happy_call_after: timedelta = timedelta(days=3)
    # three days to prepare an answer to an agency before its deadline
    agency_warning: timedelta = timedelta(days=3)
    # a customer who got a Surprise & Delight gift is not chosen again for a year
    surprise_delight_exclusion_months: int = 12
    # 전자상거래법 시행령 §6: records of consumer complaints and disputes are kept 3 years
    # (3 × 365 + 1 days covers a leap day); counted as the Civil Act counts periods
    retention_days: int = 3 * 365 + 1

    def __post_init__(self) -> None:
        if self.retention_days < 1 or self.surprise_delight_exclusion_months < 0:
            raise ValueError("retention_days must be ≥ 1 and the exclusion months ≥ 0")
        if self.happy_call_after < timedelta(0) or self.agency_warning < timedelta(0):
            raise ValueError("follow-up delays must not be negative")
