"""The parts a claim is made of besides its intake: fact checks, decisions, escalations."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .values import DecisionStatus, FactCheckStatus


@dataclass
class FactCheck:
    """A question put to a vendor (merchant, logistics partner or internal department)."""

    id: str
    vendor_id: str
    vendor_kind: str
    question: str
    requested_at: datetime
    requested_by: str
    due_at: datetime | None = None  # None: the deadline policy derives it
    status: str = FactCheckStatus.OPEN
    finding: str | None = None
    details: str | None = None
    evidence: list[str] = field(default_factory=list)
    answered_at: datetime | None = None
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status == FactCheckStatus.OPEN


@dataclass
class Decision:
    """A remedy proposed under discretionary authority, with the reason told to the customer."""

    id: str
    remedy: str
    amount_krw: int
    rationale: str
    proposed_by: str
    proposed_at: datetime
    status: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None
    hold: str | None = None  # why it waits beyond authority, e.g. "duplicate_compensation"
    previous: list[dict] = field(default_factory=list)  # the earlier payments the hold cites
    acknowledged_previous: list[dict] = field(default_factory=list)  # seen by the approver

    @property
    def is_pending(self) -> bool:
        return self.status == DecisionStatus.PENDING_APPROVAL


@dataclass
class StageChange:
    stage: str
    at: datetime
    details: str | None = None


@dataclass
class AgencyReply:
    message: str
    at: datetime
    by: str


@dataclass
class Escalation:
    """A consumer-agency track (KCA, 1372, mediation committee) with its own reference."""

    id: str
    agency: str
    agency_reference: str
    received_at: datetime
    opened_by: str
    stage: str
    stages: list[StageChange] = field(default_factory=list)
    replies: list[AgencyReply] = field(default_factory=list)
    outcome: str | None = None
    outcome_details: str | None = None
    concluded_at: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.outcome is None

    def stage_reached_at(self, stage: str) -> datetime | None:
        for change in self.stages:
            if change.stage == stage:
                return change.at
        return None


@dataclass
class Satisfaction:
    score: int
    via: str
    comment: str | None = None
    at: datetime | None = None


@dataclass
class AbuseReport:
    kind: str
    details: str | None
    by: str
    at: datetime


@dataclass
class Note:
    text: str
    by: str
    at: datetime


@dataclass
class Response:
    message: str
    channel: str
    by: str
    at: datetime
