"""Policy simulation's rules: a claim as replayed from its stored events (only the facts the
deadlines and decisions need), the deadlines it missed, and whether a decision would have
needed a supervisor under other rules.

Pure: the replay (application/simulations.py) reads the events and calls `fold`; `now` is
passed in. A replayed claim has the attributes deadlines.py reads, so the deadline rules are
the service's own, applied to other lengths.

What counts as a missed deadline (the same for the actual and the simulated policy)
---------------------------------------------------------------------------------
* first response: the first response came after its due time, or has not come by `now`;
* resolution: the (last) closure came after the target, counted from the last reopening as
  deadlines.py counts it, or the claim is still open after it;
* each fact check: answered (or cancelled) after its due time, or still open after it;
* each agency track: concluded after the clock of its furthest stage, or still open after it.
Refunds are left out, as in deadlines.overdue: no event records that a refund was paid.
"Actual" is the service's deadline policy applied to the same facts (not the alerts the
sweep happened to record), so the two columns differ only by the policy.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from . import deadlines as dl
from .authority import AuthorityPolicy
from .calendar import BusinessCalendar
from .deadline_policy import DeadlinePolicy
from .parts import Escalation, FactCheck, StageChange
from .standard_citation import counted_against_authority


@dataclass(frozen=True)
class _Customer:
    vulnerable: tuple[str, ...]


@dataclass(frozen=True)
class _Report:
    at: datetime


VULNERABLE, NOT_VULNERABLE = _Customer(("vulnerable",)), _Customer(())


class ReplayedClaim:
    """What the simulation keeps of a claim: small, because a year holds 500,000 of them."""

    __slots__ = ("id", "category", "tier", "customer", "received_at", "abuse_reports",
                 "first_response_at", "reopened_at", "closed_at", "fact_checks", "escalations")

    def __init__(self, claim_id: str, event: Any):
        self.id = claim_id
        self.category = event.category
        self.tier = event.customer.get("tier", "regular")
        self.customer = VULNERABLE if event.customer.get("vulnerable") else NOT_VULNERABLE
        self.received_at = event.received_at
        self.abuse_reports: tuple[_Report, ...] = ()
        self.first_response_at = self.reopened_at = self.closed_at = None
        self.fact_checks: list[FactCheck] = []
        self.escalations: list[Escalation] = []

    def part(self, parts: list, part_id: str) -> Any:
        return next(p for p in parts if p.id == part_id)


def _responded(claim: ReplayedClaim, e: Any) -> None:
    if claim.first_response_at is None:
        claim.first_response_at = e.at


def _abuse_reported(claim: ReplayedClaim, e: Any) -> None:
    if not claim.abuse_reports:  # the rules use the first report only
        claim.abuse_reports = (_Report(e.at),)


def _fact_check_requested(claim: ReplayedClaim, e: Any) -> None:
    claim.fact_checks.append(FactCheck(id=e.fact_check_id, vendor_id="", vendor_kind="",
                                       question="", requested_at=e.at, requested_by=e.by,
                                       due_at=e.due_at))


def _fact_check_ended(status: str) -> Callable[[ReplayedClaim, Any], None]:
    def ended(claim: ReplayedClaim, e: Any) -> None:
        fact_check = claim.part(claim.fact_checks, e.fact_check_id)
        fact_check.status = status
        fact_check.answered_at = e.at  # when it stopped running, answered or not
    return ended


def _escalated(claim: ReplayedClaim, e: Any) -> None:
    claim.escalations.append(Escalation(
        id=e.escalation_id, agency=e.agency, agency_reference="", received_at=e.received_at,
        opened_by=e.by, stage=e.stage, stages=[StageChange(stage=e.stage, at=e.received_at)]))


def _escalation_advanced(claim: ReplayedClaim, e: Any) -> None:
    escalation = claim.part(claim.escalations, e.escalation_id)
    escalation.stage = e.stage
    escalation.stages.append(StageChange(stage=e.stage, at=e.stage_at))


def _escalation_concluded(claim: ReplayedClaim, e: Any) -> None:
    escalation = claim.part(claim.escalations, e.escalation_id)
    escalation.outcome, escalation.concluded_at = e.outcome, e.at


def _closed(claim: ReplayedClaim, e: Any) -> None:
    claim.closed_at = e.at
    for fact_check in claim.fact_checks:  # closing cancels the open ones (its own events)
        if fact_check.is_open:
            fact_check.status, fact_check.answered_at = "cancelled", e.at


def _reopened(claim: ReplayedClaim, e: Any) -> None:
    claim.reopened_at, claim.closed_at = e.at, None


FOLDS: dict[str, Callable[[ReplayedClaim, Any], None]] = {
    "Responded": _responded,
    "AbuseReported": _abuse_reported,
    "FactCheckRequested": _fact_check_requested,
    "FactCheckAnswered": _fact_check_ended("answered"),
    "FactCheckCancelled": _fact_check_ended("cancelled"),
    "Escalated": _escalated,
    "EscalationAdvanced": _escalation_advanced,
    "EscalationConcluded": _escalation_concluded,
    "Closed": _closed,
    "Reopened": _reopened,
}


class RememberingCalendar(BusinessCalendar):
    """The same business calendar, remembering which day is n business days after which:
    a year's replay asks about the same few hundred days a million times."""

    def __init__(self, calendar: BusinessCalendar):
        super().__init__(extra_holidays=calendar.extra_holidays)
        object.__setattr__(self, "_later", {})

    def add_business_days(self, moment: datetime, days: int) -> datetime:
        local = self.in_seoul(moment)
        key = (local.date(), days)
        later = self._later.get(key)
        if later is None:
            later = self._later[key] = super().add_business_days(local, days).date()
        return datetime.combine(later, local.timetz())


def missed_deadlines(claim: ReplayedClaim, now: datetime, policy: DeadlinePolicy,
                     calendar: BusinessCalendar) -> int:
    """How many of the claim's deadlines were met late or not met by `now` (module docstring)."""
    ends = [(dl.first_response_due(claim, policy, calendar), claim.first_response_at),
            (dl.resolution_due(claim, policy, calendar), claim.closed_at)]
    ends += [(dl.fact_check_due(fc, policy, calendar), fc.answered_at) for fc in claim.fact_checks]
    for escalation in claim.escalations:
        clock = dl.current_agency_deadline(escalation, policy, calendar)
        if clock is not None:
            ends.append((clock[1], escalation.concluded_at))
    return sum(1 for due, met in ends if (met or now) > due)


def needs_approval(amount_krw: int, standard_krw: int | None, tier: str, limit: int,
                   policy: AuthorityPolicy, *, held: bool = False) -> bool:
    """Whether the proposer's authority would not have covered the decision (held: a rule
    other than authority sent it to a supervisor whatever the limit)."""
    counted = counted_against_authority(amount_krw, standard_krw)
    return held or not policy.covers(limit, tier, counted)
