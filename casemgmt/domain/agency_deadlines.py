"""The consumer-agency track's statutory clocks (relief, mediation decision, acceptance),
counted as the Civil Act counts a statutory period; the rules, their sources and the choices
made are in deadlines.py's table. Pure, as deadlines.py: no clock, no I/O.

Civil Act counting (민법 제155조: these rules apply to periods in any statute unless it says
otherwise; 소비자기본법 does not), implemented once in ``statutory_period_end``:

* 제157조 — the first day is not counted, unless the period starts at 00:00;
* 제159조 — the period ends at the end of its last day (returned as 23:59:59.999999 +09:00);
* 제161조 — a last day on a Saturday or public holiday moves to the next day (repeatedly,
  so Saturday → Sunday → Monday, and over a Seollal or Chuseok run).

Example: a KCA relief request received on Fri 2026-11-20 10:00 → day 1 is Nov 21, day 30
is Sun Dec 20 → moved to Mon 2026-12-21, ending 23:59:59.999999 +09:00.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from .calendar import SATURDAY, SEOUL, BusinessCalendar
from .deadline_policy import DEFAULT_CALENDAR, DEFAULT_POLICY, DeadlinePolicy

RELIEF = "relief"
MEDIATION_DECISION = "mediation_decision"
ACCEPTANCE = "acceptance"

REFERRED_TO_MEDIATION = "referred_to_mediation"
MEDIATION_DECIDED = "mediation_decided"


# -- the Civil Act's counting ----------------------------------------------------------------

def statutory_period_end(start: datetime, days: int,
                         calendar: BusinessCalendar = DEFAULT_CALENDAR) -> datetime:
    """The last instant of a period of ``days`` calendar days beginning at ``start``.

    민법 제157조: the first day is not counted unless the period starts at 00:00.
    민법 제159조: the period ends when its last day ends.
    민법 제161조: a last day on a Saturday or a public holiday (Sunday included) moves to the
    next day, again and again until it is neither.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"a statutory period is at least 1 day, got {days!r}")
    local = calendar.in_seoul(start)
    starts_at_midnight = local.time() == time(0)
    last_day = calendar.add_calendar_days(local, days).date()          # 제157조 본문
    if starts_at_midnight:
        last_day -= timedelta(days=1)                                   # 제157조 단서
    while last_day.weekday() == SATURDAY or calendar.is_public_holiday(last_day):
        last_day += timedelta(days=1)                                   # 제161조
    return datetime.combine(last_day, time.max, tzinfo=SEOUL)          # 제159조


# -- consumer-agency track ---------------------------------------------------------------------

def _stage_at(escalation: Any, stage: str) -> datetime | None:
    for change in escalation.stages:
        if str(change.stage) == stage:
            return change.at
    return None


def escalation_deadlines(escalation: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
                         calendar: BusinessCalendar = DEFAULT_CALENDAR, *,
                         extension_days: int | None = None,
                         mediation_extension_days: int | None = None,
                         ) -> dict[str, datetime | None]:
    """``{"relief", "mediation_decision", "acceptance"}``, None where a clock has not started.

    relief — 소비자기본법 제58조: the KCA settles within 30 days of receiving the request;
    the proviso (단서) extends it by up to 60 days for cases the enforcement decree names
    (where finding the cause needs tests, inspections or investigations). Only agencies in
    ``policy.relief_agencies`` (KCA, 1372) run this clock; a case filed directly with the
    mediation committee (제65조) starts at mediation.
    mediation_decision — 제66조: the committee ends the mediation within 30 days of the
    referral; 제66조제2항 lets it extend, with no statutory cap.
    acceptance — 제67조제2항: 15 days from receiving the committee's notice to say whether
    the decision is accepted; silence counts as acceptance. The stage's ``at`` is taken as
    the day the notice was received.
    """
    extension = _extension(escalation, "extension_days", extension_days)
    if extension > policy.relief_max_extension_days:
        raise ValueError(f"소비자기본법 제58조 allows at most {policy.relief_max_extension_days} "
                         f"extra days, not {extension}")
    mediation_extension = _extension(escalation, "mediation_extension_days",
                                     mediation_extension_days)

    relief = None
    if str(escalation.agency) in policy.relief_agencies:
        relief = statutory_period_end(escalation.received_at, policy.relief_days + extension,
                                      calendar)
    referred = _stage_at(escalation, REFERRED_TO_MEDIATION)
    mediation = (statutory_period_end(referred, policy.mediation_days + mediation_extension,
                                      calendar) if referred is not None else None)
    decided = _stage_at(escalation, MEDIATION_DECIDED)
    acceptance = (statutory_period_end(decided, policy.acceptance_days, calendar)
                  if decided is not None else None)
    return {RELIEF: relief, MEDIATION_DECISION: mediation, ACCEPTANCE: acceptance}


def _extension(escalation: Any, attribute: str, given: int | None) -> int:
    value = given if given is not None else (getattr(escalation, attribute, None) or 0)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{attribute} must be a whole number ≥ 0, got {value!r}")
    return value


def current_agency_deadline(escalation: Any, policy: DeadlinePolicy = DEFAULT_POLICY,
                            calendar: BusinessCalendar = DEFAULT_CALENDAR,
                            ) -> tuple[str, datetime] | None:
    """The clock that governs the track now: that of the furthest stage reached."""
    clocks = escalation_deadlines(escalation, policy, calendar)
    for name in (ACCEPTANCE, MEDIATION_DECISION, RELIEF):
        if clocks[name] is not None:
            return name, clocks[name]
    return None
