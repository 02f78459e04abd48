"""The agency track: escalated, advanced a stage, the agency answered or extended its relief
period, concluded."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..parts import AgencyReply, Escalation, ReliefExtension, StageChange
from .base import ClaimEvent


class Escalated(ClaimEvent):
    escalation_id: str
    agency: str
    agency_reference: str
    received_at: datetime
    stage: str

    def apply(self, claim: Any) -> None:
        claim.escalations.append(Escalation(
            id=self.escalation_id, agency=self.agency, agency_reference=self.agency_reference,
            received_at=self.received_at, opened_by=self.by, stage=self.stage,
            stages=[StageChange(stage=self.stage, at=self.received_at)]))


class EscalationAdvanced(ClaimEvent):
    escalation_id: str
    stage: str
    stage_at: datetime
    details: str | None

    def apply(self, claim: Any) -> None:
        escalation = claim.escalation(self.escalation_id)
        escalation.stage = self.stage
        escalation.stages.append(StageChange(stage=self.stage, at=self.stage_at,
                                             details=self.details))


class AgencyReplied(ClaimEvent):
    escalation_id: str
    message: str

    def apply(self, claim: Any) -> None:
        claim.escalation(self.escalation_id).replies.append(
            AgencyReply(message=self.message, at=self.at, by=self.by))


class AgencyExtended(ClaimEvent):
    """The agency extended its relief period (소비자기본법 제58조 단서): the relief deadline
    moves by `days`. `extended_at` is the agency's notice; `at` when staff recorded it."""

    escalation_id: str
    days: int
    reason: str
    extended_at: datetime

    def apply(self, claim: Any) -> None:
        claim.escalation(self.escalation_id).extensions.append(ReliefExtension(
            days=self.days, reason=self.reason, at=self.extended_at, by=self.by))


class EscalationConcluded(ClaimEvent):
    escalation_id: str
    outcome: str
    details: str | None

    def apply(self, claim: Any) -> None:
        escalation = claim.escalation(self.escalation_id)
        escalation.outcome = self.outcome
        escalation.outcome_details = self.details
        escalation.concluded_at = self.at
