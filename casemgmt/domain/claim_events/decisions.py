"""Remedy decisions: proposed (citing the standard or not), then approved or rejected."""
from __future__ import annotations

from typing import Any, ClassVar

from ..parts import Decision
from ..values import DecisionStatus
from .base import ClaimEvent


class DecisionProposed(ClaimEvent):
    decision_id: str
    remedy: str
    amount_krw: int
    rationale: str
    status: str
    # The remedy standard cited (standard_citation.Baseline); None on decisions citing none
    # and on every event stored before decisions could cite it.
    standard_edition: str | None = None
    standard_rule_id: str | None = None
    standard_inputs: dict | None = None
    standard_kind: str | None = None
    standard_amount_krw: int | None = None
    standard_explanation_ko: str | None = None
    # Since the duplicate-compensation guard (concessions.py); events stored before it load
    # with these defaults (the mapper restores only the stored fields).
    hold: str | None = None
    previous: tuple = ()  # [{"claim_id", "decision_id", "amount_krw"}] the hold cites

    def apply(self, claim: Any) -> None:
        approved = self.status == DecisionStatus.APPROVED
        claim.decisions.append(Decision(
            id=self.decision_id, remedy=self.remedy, amount_krw=self.amount_krw,
            rationale=self.rationale, proposed_by=self.by, proposed_at=self.at,
            status=self.status, decided_by=self.by if approved else None,
            decided_at=self.at if approved else None, standard=self.cited_standard(),
            hold=self.hold, previous=[dict(p) for p in self.previous]))

    def cited_standard(self) -> dict | None:
        if self.standard_edition is None:
            return None
        return dict(edition=self.standard_edition, rule_id=self.standard_rule_id,
                    inputs=dict(self.standard_inputs or {}), kind=self.standard_kind,
                    amount_krw=self.standard_amount_krw,
                    explanation_ko=self.standard_explanation_ko)


class DecisionReviewed(ClaimEvent):
    """A supervisor's answer to a pending decision; the subclass says which."""

    outcome: ClassVar[str] = DecisionStatus.APPROVED.value
    decision_id: str
    note: str | None

    def apply(self, claim: Any) -> None:
        decision = claim.decision(self.decision_id)
        decision.status = self.outcome
        decision.note = self.note
        decision.decided_by = self.by
        decision.decided_at = self.at


class DecisionApproved(DecisionReviewed):
    outcome: ClassVar[str] = DecisionStatus.APPROVED.value
    # The order's earlier payments the supervisor approved on top of (default: stored before
    # the duplicate-compensation guard).
    acknowledged_previous: tuple = ()

    def apply(self, claim: Any) -> None:
        super().apply(claim)
        claim.decision(self.decision_id).acknowledged_previous = [
            dict(p) for p in self.acknowledged_previous]


class DecisionRejected(DecisionReviewed):
    outcome: ClassVar[str] = DecisionStatus.REJECTED.value
