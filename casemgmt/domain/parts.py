"""The parts a claim is made of besides its intake: fact checks, decisions, escalations."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .standard_citation import counted_against_authority
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
    answered_by: str | None = None  # a staff id, or vendor:<id> when the vendor answered
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
    # The remedy standard it cites (standard_citation.py): edition, rule_id, inputs, kind,
    # amount_krw, explanation_ko; None for a decision that cites none.
    standard: dict | None = None
    hold: str | None = None  # why it waits beyond authority, e.g. "duplicate_compensation"
    previous: list[dict] = field(default_factory=list)  # the earlier payments the hold cites
    acknowledged_previous: list[dict] = field(default_factory=list)  # seen by the approver

    @property
    def is_pending(self) -> bool:
        return self.status == DecisionStatus.PENDING_APPROVAL

    @property
    def deviation_krw(self) -> int | None:
        """Granted minus the standard's amount (negative: less than the standard)."""
        return None if self.standard is None else self.amount_krw - self.standard["amount_krw"]

    @property
    def counted_krw(self) -> int:
        """What counts against authority: see standard_citation.counted_against_authority."""
        return counted_against_authority(
            self.amount_krw, None if self.standard is None else self.standard["amount_krw"])


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
class ReliefExtension:
    """The agency lengthened its relief period (소비자기본법 제58조 단서)."""

    days: int
    reason: str
    at: datetime   # when the agency extended it (its notice)
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
    extensions: list[ReliefExtension] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.outcome is None

    @property
    def extension_days(self) -> int:
        """Days added to the relief period; deadlines.escalation_deadlines reads this."""
        return sum(extension.days for extension in self.extensions)

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


# Notes and responses are never edited once written. Frozen, one decoded copy can serve
# every load of the claim (infrastructure/opened_snapshots.py).
@dataclass(frozen=True)
class Note:
    text: str
    by: str
    at: datetime


@dataclass(frozen=True)
class Response:
    message: str
    channel: str
    by: str
    at: datetime
