"""What a claim knows after its events, and what follows from it (status, priority, flags).

Everything here derives from the facts the events recorded (claim_events/); the rules
live in claim.py.
"""
from __future__ import annotations

from datetime import datetime

from .errors import UnknownPart
from .parts import AbuseReport, Decision, Escalation, FactCheck, Note, Response, Satisfaction
from .values import Customer, DecisionStatus, Flag, Order, Priority, Status, Tier


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
