"""Delay interest on a late refund (지연배상금): 15% a year from the statutory refund deadline
to the decision (전자상거래법 제18조 제2항; the rate is 시행령 제21조의3; STANDARD.md §3.4).

Derived on every read from the claim's facts, like its deadlines (deadlines.py); nothing is
stored. Pure: the moment a pending decision is looked at is passed in.

Choices made, and why
---------------------
* **Which deadline.** 제18조 counts the seller's 3 business days from the day it got the
  returned goods back; the claim records no such day. The one claim that carries the
  statutory clock is a complaint about a late refund (category ``refund_delay``): when the
  customer complains, the company knows the refund is owed, so its refund deadline is, at
  the latest, the end of the ``refund_business_days``-th (3rd) business day after receipt,
  counted as ``refund_due`` counts it. That is the deadline the claim had before any
  decision (``refund_due`` in deadlines.py starts only with an approved refund, so it cannot
  be the one a refund decision is late against). A reopening does not restart it: the debt
  did not change. Other categories have no known statutory refund deadline: no interest
  (null), rather than a figure the law may not support. The real deadline may have passed
  before the complaint, so the figure is a floor.
* **Until when.** The decision: its approval (``decided_at``). A pending decision shows the
  interest as if approved at the moment of reading; a rejected one shows none.
* **Day count.** Whole calendar days in Asia/Seoul from the deadline's day to the decision's
  day (decided the day after the deadline: 1 day), over a 365-day year, leap years too — as
  Korean courts count 연 …% 지연손해금.
* **Rounding.** Down to the whole won (원 미만 절사), in integers: amount × 15 × days // 36,500.
* **What bears interest.** The refund granted (the decision's amount_krw). The interest is
  owed by law; it is not counted against anyone's authority.
* **The rate.** 15% since the 시행령 amendment of 2015-09-25 (in force from 2016; the date is
  marked guess in STANDARD.md). Older refunds would bear 20%; no claim here predates 2016.
"""
from __future__ import annotations

from datetime import datetime, time
from typing import Any

from .calendar import SEOUL, BusinessCalendar
from .deadline_policy import DEFAULT_CALENDAR, DEFAULT_POLICY, DeadlinePolicy

PERCENT_A_YEAR = 15
DAYS_A_YEAR = 365
STATUTORY_REFUND_CATEGORIES = frozenset({"refund_delay"})


def statutory_refund_deadline(claim: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
                              calendar: BusinessCalendar = DEFAULT_CALENDAR) -> datetime | None:
    """The end of the 3rd business day after a late-refund complaint was received; None for
    claims about anything else (no statutory refund clock is known for them)."""
    if str(claim.category) not in STATUTORY_REFUND_CATEGORIES:
        return None
    due = calendar.add_business_days(claim.received_at, policy.refund_business_days)
    return datetime.combine(due.date(), time.max, tzinfo=SEOUL)


def days_late(deadline: datetime, decided_at: datetime) -> int:
    return max(0, (decided_at.astimezone(SEOUL).date() - deadline.astimezone(SEOUL).date()).days)


def interest(amount_krw: int, days: int) -> int:
    """15% a year on the amount for the days, a 365-day year, rounded down to whole won."""
    return amount_krw * PERCENT_A_YEAR * days // (100 * DAYS_A_YEAR)


def decision_delay_interest(claim: Any, decision: Any, now: datetime,
                            policy: DeadlinePolicy = DEFAULT_POLICY,
                            calendar: BusinessCalendar = DEFAULT_CALENDAR) -> int | None:
    """The interest a refund decision owes for its lateness; None where none can be owed
    (not a refund, rejected, or no statutory deadline on the claim)."""
    if str(decision.remedy) not in policy.refund_remedies or str(decision.status) == "rejected":
        return None
    deadline = statutory_refund_deadline(claim, policy, calendar)
    if deadline is None:
        return None
    decided_at = decision.decided_at or now  # pending: as if approved now
    return interest(decision.amount_krw, days_late(deadline, decided_at))
