"""Delay interest on a late refund, without a database: 15% a year from the end of the third
business day after a late-refund complaint to the decision, 365-day year, rounded down."""
from __future__ import annotations

from datetime import datetime

import pytest

from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.claim import Claim
from casemgmt.domain.delay_interest import decision_delay_interest, statutory_refund_deadline
from casemgmt.domain.values import Actor, Customer, Role

AGENT = Actor(id="agent-1", role=Role.AGENT, authority_limit=100_000)
SUPERVISOR = Actor(id="boss-1", role=Role.SUPERVISOR, authority_limit=1_000_000)
POLICY = AuthorityPolicy()
RECEIVED = datetime(2026, 11, 19, 10, 0, tzinfo=SEOUL)  # a Thursday


def kst(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=SEOUL)


def a_complaint(category: str = "refund_delay") -> Claim:
    claim = Claim.file(channel="phone", category=category,
                       customer=Customer(id="C-1", name="김민수"), order=None,
                       summary="반품했는데 환불이 안 됩니다", description=None,
                       received_at=RECEIVED, by=AGENT, at=RECEIVED)
    claim.assign(AGENT, by=AGENT, at=RECEIVED)
    return claim


def decide(claim: Claim, amount: int, at: datetime, remedy: str = "refund"):
    decision_id = claim.propose_decision(remedy, amount, "환불 지연 사과", by=AGENT, at=at,
                                         policy=POLICY)
    return claim.decision(decision_id)


def test_a_late_refund_complaint_is_due_by_the_end_of_the_third_business_day():
    # Thu 19 → Fri 20, Mon 23, Tue 24 (the weekend does not count)
    assert statutory_refund_deadline(a_complaint()) == datetime(
        2026, 11, 24, 23, 59, 59, 999999, tzinfo=SEOUL)


def test_a_50000_won_refund_decided_ten_days_late_owes_205_won():
    claim = a_complaint()

    decision = decide(claim, 50_000, kst(12, 4))  # Fri Dec 4: Nov 24 + 10 days

    # 50,000 × 15% × 10 / 365 = 205.479… → 205 (rounded down)
    assert decision_delay_interest(claim, decision, now=kst(12, 4)) == 205


def test_decided_on_the_deadline_day_owes_nothing_and_the_next_day_one_days_interest():
    on_time, next_day = a_complaint(), a_complaint()

    in_time = decide(on_time, 89_000, kst(11, 24, hour=23))
    a_day_late = decide(next_day, 89_000, kst(11, 25, hour=0))

    assert decision_delay_interest(on_time, in_time, now=kst(11, 24, 23)) == 0
    # 89,000 × 15% × 1 / 365 = 36.57… → 36
    assert decision_delay_interest(next_day, a_day_late, now=kst(11, 25)) == 36


def test_a_pending_refund_accrues_until_it_is_approved():
    claim = a_complaint()
    pending = decide(claim, 365_000, kst(11, 30))  # beyond the agent's 100,000

    seen_before = decision_delay_interest(claim, pending, now=kst(12, 4))
    claim.review_decision(pending.id, True, None, by=SUPERVISOR, at=kst(12, 14), policy=POLICY)
    after = decision_delay_interest(claim, pending, now=kst(12, 31))

    # 365,000 × 15% / 365 = 150 won a day: 10 days, then 20 days late at the approval
    assert (seen_before, after) == (1_500, 3_000)


@pytest.mark.parametrize("category, remedy", [
    ("exchange_return", "refund"),       # no statutory refund deadline is known for it
    ("refund_delay", "coupon"),          # not a refund
])
def test_no_interest_is_shown_where_the_law_gives_no_deadline_or_it_is_not_a_refund(
        category, remedy):
    claim = a_complaint(category)

    decision = decide(claim, 50_000, kst(12, 31), remedy=remedy)

    assert decision_delay_interest(claim, decision, now=kst(12, 31)) is None
