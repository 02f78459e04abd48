"""Fact checks asked of a vendor: requested, answered, cancelled."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..parts import FactCheck
from ..values import FactCheckStatus
from .base import ClaimEvent


class FactCheckRequested(ClaimEvent):
    fact_check_id: str
    vendor_id: str
    vendor_kind: str
    question: str
    due_at: datetime | None

    def apply(self, claim: Any) -> None:
        claim.fact_checks.append(FactCheck(
            id=self.fact_check_id, vendor_id=self.vendor_id, vendor_kind=self.vendor_kind,
            question=self.question, requested_at=self.at, requested_by=self.by,
            due_at=self.due_at))


class FactCheckAnswered(ClaimEvent):
    fact_check_id: str
    finding: str
    details: str | None
    evidence: list

    def apply(self, claim: Any) -> None:
        fact_check = claim.fact_check(self.fact_check_id)
        fact_check.status = FactCheckStatus.ANSWERED.value
        fact_check.finding = self.finding
        fact_check.details = self.details
        fact_check.evidence = list(self.evidence)
        fact_check.answered_at = self.at
        fact_check.answered_by = self.by


class FactCheckCancelled(ClaimEvent):
    fact_check_id: str
    reason: str | None

    def apply(self, claim: Any) -> None:
        fact_check = claim.fact_check(self.fact_check_id)
        fact_check.status = FactCheckStatus.CANCELLED.value
        fact_check.cancel_reason = self.reason
        fact_check.cancelled_at = self.at
