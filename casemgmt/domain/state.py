"""What a claim knows after its events, and what follows from it (status, priority, flags).

Everything here only records facts or derives from them; the rules live in claim.py.
"""
from __future__ import annotations

from datetime import datetime

from .errors import UnknownPart
from .parts import (
    AbuseReport, AgencyReply, Decision, Escalation, FactCheck, Note, Response, Satisfaction,
    StageChange,
)
from .values import (
    Customer, DecisionStatus, FactCheckStatus, Flag, Order, Priority, Status, Tier,
)


class ClaimState:
    id: object
    version: int

    def init_state(self, channel: str, category: str, customer: dict, order: dict | None,
                   summary: str, description: str | None, received_at: datetime,
                   by: str, at: datetime) -> None:
        self.channel = channel
        self.category = category
        self.customer = Customer(**customer)
        self.order = Order(**order) if order is not None else None
        self.summary = summary
        self.description = description
        self.received_at = received_at
        self.filed_by = by
        self.filed_at = at
        self.assignee: str | None = None
        self.handlers: list[str] = []
        self.responses: list[Response] = []
        self.first_response_at: datetime | None = None
        self.fact_checks: list[FactCheck] = []
        self.decisions: list[Decision] = []
        self.escalations: list[Escalation] = []
        self.notes: list[Note] = []
        self.abuse_reports: list[AbuseReport] = []
        self.resolution: str | None = None
        self.closure_summary: str | None = None
        self.closed_at: datetime | None = None
        self.closed_by: str | None = None
        self.reopen_count = 0
        self.satisfaction: Satisfaction | None = None
        self.reopened_at: datetime | None = None
        self.alerts: list = []

    # -- evolve --------------------------------------------------------------------------

    def apply_assigned(self, assignee: str, by: str, at: datetime) -> None:
        self.assignee = assignee
        if assignee not in self.handlers:
            self.handlers.append(assignee)

    def apply_responded(self, message: str, channel: str, by: str, at: datetime) -> None:
        self.responses.append(Response(message=message, channel=channel, by=by, at=at))
        if self.first_response_at is None:
            self.first_response_at = at

    def apply_noted(self, text: str, by: str, at: datetime) -> None:
        self.notes.append(Note(text=text, by=by, at=at))

    def apply_abuse_reported(self, kind: str, details: str | None, by: str, at: datetime) -> None:
        self.abuse_reports.append(AbuseReport(kind=kind, details=details, by=by, at=at))

    def apply_fact_check_answered(self, fact_check_id: str, finding: str, details: str | None,
                                  evidence: list[str], at: datetime) -> None:
        fact_check = self.fact_check(fact_check_id)
        fact_check.status = FactCheckStatus.ANSWERED.value
        fact_check.finding = finding
        fact_check.details = details
        fact_check.evidence = list(evidence)
        fact_check.answered_at = at

    def apply_fact_check_cancelled(self, fact_check_id: str, reason: str | None, at: datetime) -> None:
        fact_check = self.fact_check(fact_check_id)
        fact_check.status = FactCheckStatus.CANCELLED.value
        fact_check.cancel_reason = reason
        fact_check.cancelled_at = at

    def apply_decision_reviewed(self, decision_id: str, status: str, note: str | None, by: str,
                                at: datetime) -> None:
        decision = self.decision(decision_id)
        decision.status = str(status)
        decision.note = note
        decision.decided_by = by
        decision.decided_at = at

    def apply_escalated(self, escalation_id: str, agency: str, agency_reference: str,
                        received_at: datetime, stage: str, by: str) -> None:
        self.escalations.append(Escalation(
            id=escalation_id, agency=agency, agency_reference=agency_reference,
            received_at=received_at, opened_by=by, stage=stage,
            stages=[StageChange(stage=stage, at=received_at)]))

    def apply_escalation_advanced(self, escalation_id: str, stage: str, stage_at: datetime,
                                  details: str | None) -> None:
        escalation = self.escalation(escalation_id)
        escalation.stage = stage
        escalation.stages.append(StageChange(stage=stage, at=stage_at, details=details))

    def apply_agency_replied(self, escalation_id: str, message: str, by: str, at: datetime) -> None:
        self.escalation(escalation_id).replies.append(AgencyReply(message=message, at=at, by=by))

    def apply_escalation_concluded(self, escalation_id: str, outcome: str, details: str | None,
                                   at: datetime) -> None:
        escalation = self.escalation(escalation_id)
        escalation.outcome = outcome
        escalation.outcome_details = details
        escalation.concluded_at = at

    def apply_closed(self, resolution: str, summary: str | None, by: str, at: datetime) -> None:
        self.resolution = resolution
        self.closure_summary = summary
        self.closed_at = at
        self.closed_by = by

    def apply_reopened(self, reason: str, by: str, at: datetime) -> None:
        self.reopen_count += 1
        self.reopened_at = at
        self.resolution = None
        self.closure_summary = None
        self.closed_at = None
        self.closed_by = None
        self.satisfaction = None

    def apply_satisfaction(self, score: int, via: str, comment: str | None, at: datetime) -> None:
        self.satisfaction = Satisfaction(score=score, via=via, comment=comment, at=at)

    # -- look-ups ------------------------------------------------------------------------

    def fact_check(self, fact_check_id: str) -> FactCheck:
        return _find(self.fact_checks, fact_check_id, "fact_check")

    def decision(self, decision_id: str) -> Decision:
        return _find(self.decisions, decision_id, "decision")

    def escalation(self, escalation_id: str) -> Escalation:
        return _find(self.escalations, escalation_id, "escalation")

    # -- derived -------------------------------------------------------------------------

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def status(self) -> Status:
        """The first that applies, in the order API.md gives."""
        if self.is_closed:
            return Status.CLOSED
        if any(e.is_open for e in self.escalations):
            return Status.ESCALATED
        if any(d.is_pending for d in self.decisions):
            return Status.AWAITING_APPROVAL
        if any(fc.is_open for fc in self.fact_checks):
            return Status.AWAITING_VENDOR
        if self.assignee is not None or self.first_response_at is not None:
            return Status.IN_PROGRESS
        return Status.NEW

    @property
    def flags(self) -> list[str]:
        flags = []
        if self.abuse_reports:
            flags.append(Flag.ABUSE_REPORTED.value)
        if self.customer.vulnerable:
            flags.append(Flag.VULNERABLE_CUSTOMER.value)
        if self.reopen_count:
            flags.append(Flag.REOPENED.value)
        if self.escalations:
            flags.append(Flag.AGENCY_ESCALATION.value)
        return flags

    @property
    def priority(self) -> Priority:
        if any(e.is_open for e in self.escalations):
            return Priority.URGENT
        if (self.abuse_reports or self.customer.vulnerable or self.reopen_count
                or self.customer.tier == Tier.VIP):
            return Priority.HIGH
        return Priority.NORMAL

    @property
    def granted_krw(self) -> int:
        return sum(d.amount_krw for d in self.decisions if d.status == DecisionStatus.APPROVED)


def _find(parts: list, part_id: str, kind: str):
    for part in parts:
        if part.id == part_id:
            return part
    raise UnknownPart(f"{kind}.unknown", f"this claim has no {kind.replace('_', ' ')} {part_id!r}")
