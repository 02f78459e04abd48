"""Deadlines derived from a claim's facts — computed on every read, never stored.

Pure: no clock (``now`` is passed in), no I/O. The claim, its fact checks and escalations
are duck-typed: only the attributes named below are read, so the aggregate, a replayed
state or a read-model row with the same attributes all work. Every datetime returned is
timezone-aware in Asia/Seoul (+09:00).

Rules (each one's counting is implemented in the function named in the last column)
=====================================================================================

======================  ==============================  ====================================  =====================
deadline                clock starts at                 length and counting                   source
======================  ==============================  ====================================  =====================
first response          ``claim.received_at``           1 business day, same time of day      team service target
                                                                                              (DOMAIN.md: answer
                                                                                              every inquiry, fast)
first response,         vulnerable: ``received_at``;    4 *calendar* hours, if earlier than   team service target
priority                abuse-flagged: the later of     the standard one (a flag never
                        ``received_at`` and the first   lengthens a deadline)
                        abuse report's ``at``
fact check              ``fact_check.requested_at``     ``due_at`` when the request gave      team service target
                                                        one, else 2 business days, same       (API.md)
                                                        time of day
refund                  ``decided_at`` of the latest    end of the 3rd business day           전자상거래법 제18조
                        approved refund /                                                     제1항 (3영업일 이내
                        partial_refund decision                                               환급)
resolution              ``claim.received_at``           per category, business days, same     team service target
                                                        time of day (table below)
agency relief           ``escalation.received_at``      30 days (+ up to 60 on extension),    소비자기본법 제58조;
(피해구제 처리기간)     (the agency's receipt)          calendar days, Civil Act counting     단서 and its decree
mediation decision      ``at`` of stage                 30 days (+ any extension),            소비자기본법 제66조
(분쟁조정 기간)         ``referred_to_mediation``       calendar days, Civil Act counting
acceptance              ``at`` of stage                 15 days, calendar days, Civil Act     소비자기본법 제67조
(수락 여부 통보)        ``mediation_decided``           counting; silence = accepted          제2항
======================  ==============================  ====================================  =====================

Civil Act counting (민법 제155조) for the statutory periods, and the agency track's clocks, are
in agency_deadlines.py; this module re-exports them.

Choices made, and why
---------------------
* **Refund counted from the decision.** 제18조 counts 3 business days from the day the
  seller *gets the returned goods back* (재화등을 반환받은 날). The claim records no
  return-receipt event, so the clock starts at the approval of the refund decision, the
  moment the company commits to paying. Where the goods came back before the decision,
  the statutory clock started earlier and the shown deadline is later than the law's;
  staff should refund at once in that case. The latest approved refund decision is used
  (an earlier one is presumed paid: no payment event exists either), and for the same
  reason a refund is never reported in ``overdue``.
* **Priority first response in calendar hours.** Vulnerable customers (seniors, the
  visually impaired) get a dedicated agent and a call-back, and an abuse report triggers
  the agent safety-care routing to a senior agent and a protective notice (DOMAIN.md §4).
  Both are about a person, not office paperwork: counted in business hours, a contact at
  Friday 19:00 would wait until Monday afternoon, which is exactly what the shorter clock
  is meant to prevent. The calendar also knows days, not opening hours. The 4 hours are
  therefore wall-clock hours; a team without evening cover can lengthen them in the policy.
  The abuse clock starts at the report, so reporting abuse never makes a claim overdue
  retroactively.
* **Service targets keep the time of day** (``BusinessCalendar.add_business_days``): a
  claim received Tuesday 15:00 is due Wednesday 15:00 — the same service for a morning
  and an evening claim. Statutory periods end at the end of the day (제159조).
* **Resolution is counted from the latest reopening** when there is one: reopening is a
  fresh promise to the customer. A first closure that came late stays on record as the
  ``ResolutionOverdue`` alert the sweep recorded, and Surprise & Delight counts it.
* **The agency's own deadlines** (its fact inquiry's reply-by date) arrive with the
  agency's letter and are not statutory; they are not derived here.
* **Extensions.** An agency's extension of its relief period is the claim's
  ``AgencyExtended`` event (at most 60 days in all, for ``relief_agencies`` only); the
  escalation's ``extension_days`` adds them up and ``escalation_deadlines`` and ``overdue``
  read it. No event records a mediation extension yet: ``escalation_deadlines`` takes a
  ``mediation_extension_days`` argument (or attribute) for when one appears.

Resolution targets (business days from receipt; ``DeadlinePolicy.resolution_business_days``)
---------------------------------------------------------------------------------------
================  ====  =====================================================================
category          days  why
================  ====  =====================================================================
product_info         2  an answer from the product-page writer; usually one fact check
delivery             3  a tracking check with the logistics partner (fact check: 2) + reply
refund_delay         3  a late refund already breaches 제18조's 3 business days; no slack
membership           3  internal systems only
promotion            3  coupons and points: internal, but may need the marketing team
exchange_return      5  pickup and inspection of the returned item before the decision
agent_conduct        5  a supervisor reviews recordings and talks to the agent
product_mismatch     7  photographer, merchant and buyer are asked; often a return too
merchant_service     7  the merchant must answer and usually pays; slowest to confirm
other                7  the default for any category not listed
================  ====  =====================================================================
"""
from __future__ import annotations

from datetime import datetime, time
from typing import Any

from .agency_deadlines import (  # noqa: F401  (re-exported: callers know them from here)
    ACCEPTANCE,
    MEDIATION_DECIDED,
    MEDIATION_DECISION,
    REFERRED_TO_MEDIATION,
    RELIEF,
    current_agency_deadline,
    escalation_deadlines,
    statutory_period_end,
)
from .calendar import SEOUL, BusinessCalendar
from .deadline_policy import (  # noqa: F401  (re-exported: callers know them from here)
    DEFAULT_CALENDAR,
    DEFAULT_POLICY,
    DEFAULT_RESOLUTION_BUSINESS_DAYS,
    DeadlinePolicy,
)

FIRST_RESPONSE = "first_response"
RESOLUTION = "resolution"
REFUND = "refund"
FACT_CHECK = "fact_check"


def _end_of_day(moment: datetime) -> datetime:
    return datetime.combine(moment.date(), time.max, tzinfo=SEOUL)


# -- claim ------------------------------------------------------------------------------------

def first_response_due(claim: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
                       calendar: BusinessCalendar = DEFAULT_CALENDAR) -> datetime:
    """1 business day from receipt; 4 calendar hours for vulnerable or abuse-flagged claims."""
    received = calendar.in_seoul(claim.received_at)
    candidates = [calendar.add_business_days(received, policy.first_response_business_days)]
    if getattr(claim.customer, "vulnerable", None):
        candidates.append(received + policy.priority_first_response)
    reports = getattr(claim, "abuse_reports", None) or []
    if reports:
        flagged = max(received, min(calendar.in_seoul(report.at) for report in reports))
        candidates.append(flagged + policy.priority_first_response)
    return min(candidates)


def resolution_due(claim: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
                   calendar: BusinessCalendar = DEFAULT_CALENDAR) -> datetime:
    """The category's target in business days from receipt (or from the latest reopening:
    a reopened claim is a fresh promise to the customer), at that time of day."""
    start = getattr(claim, "reopened_at", None) or claim.received_at
    return calendar.add_business_days(start, policy.resolution_days_for(claim.category))


def refund_due(claim: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
               calendar: BusinessCalendar = DEFAULT_CALENDAR) -> datetime | None:
    """End of the 3rd business day after the latest approved refund decision (제18조 제1항)."""
    approved = [d for d in claim.decisions
                if str(d.remedy) in policy.refund_remedies and str(d.status) == "approved"
                and d.decided_at is not None]
    if not approved:
        return None
    latest = max(approved, key=lambda d: d.decided_at)
    return _end_of_day(calendar.add_business_days(latest.decided_at,
                                                  policy.refund_business_days))


def claim_deadlines(claim: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
                    calendar: BusinessCalendar = DEFAULT_CALENDAR) -> dict[str, datetime | None]:
    """``{"first_response", "resolution", "refund"}``; met deadlines are still reported."""
    return {
        FIRST_RESPONSE: first_response_due(claim, policy, calendar),
        RESOLUTION: resolution_due(claim, policy, calendar),
        REFUND: refund_due(claim, policy, calendar),
    }


# -- fact checks ------------------------------------------------------------------------------

def fact_check_due(fact_check: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
                   calendar: BusinessCalendar = DEFAULT_CALENDAR) -> datetime:
    """The requested ``due_at``, else 2 business days from ``requested_at``."""
    if fact_check.due_at is not None:
        return calendar.in_seoul(fact_check.due_at)
    return calendar.add_business_days(fact_check.requested_at, policy.fact_check_business_days)


# -- overdue ----------------------------------------------------------------------------------

def pending_deadlines(claim: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
                      calendar: BusinessCalendar = DEFAULT_CALENDAR) -> list[tuple[str, datetime]]:
    """The deadlines not yet met, named as ``overdue`` names them, in a stable order.

    ``first_response`` (no first response yet), ``fact_check:<id>`` (still open),
    ``resolution`` (not closed), ``<clock>:<escalation id>`` for an open agency track, by
    the clock of its furthest stage (``relief``, ``mediation_decision`` or ``acceptance``).
    Refunds are not listed: no event records that a refund was paid.
    """
    pending: list[tuple[str, datetime]] = []
    if claim.first_response_at is None:
        pending.append((FIRST_RESPONSE, first_response_due(claim, policy, calendar)))
    for fact_check in claim.fact_checks:
        if str(fact_check.status) == "open":
            pending.append((f"{FACT_CHECK}:{fact_check.id}",
                            fact_check_due(fact_check, policy, calendar)))
    if claim.closed_at is None:
        pending.append((RESOLUTION, resolution_due(claim, policy, calendar)))
    for escalation in claim.escalations:
        if escalation.outcome is not None:
            continue
        current = current_agency_deadline(escalation, policy, calendar)
        if current is not None:
            pending.append((f"{current[0]}:{escalation.id}", current[1]))
    return pending


def overdue(claim: Any, now: datetime, policy: DeadlinePolicy = DEFAULT_POLICY,
            calendar: BusinessCalendar = DEFAULT_CALENDAR) -> list[str]:
    """The pending deadlines (see ``pending_deadlines``) that ``now`` is already later than."""
    now = calendar.in_seoul(now)
    return [name for name, due in pending_deadlines(claim, policy, calendar) if now > due]
