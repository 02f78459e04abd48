"""What happened to a claim, and how each fact changes it.

Each event names who (`by`) and when (`at`) and applies itself to the claim. The rules that
decide whether an event may happen live in claim.py; `apply` only records, because it runs
again every time the claim is rebuilt from its events. The classes are nested on `Claim` by
assignment there, which keeps their stored topics `casemgmt.domain.claim:Claim.<Name>`.
"""
from __future__ import annotations

import copy
from datetime import datetime
from typing import Any, ClassVar

from eventsourcing.domain import Aggregate

from .alerts import APPROACHING, OVERDUE, DeadlineAlert
from .evidence import Attachment, VendorLink
from .parts import (
    AbuseReport, AgencyReply, Decision, Escalation, FactCheck, Note, ReliefExtension, Response,
    Satisfaction, StageChange,
)
from .values import DecisionStatus, FactCheckStatus


class ClaimEvent(Aggregate.Event):
    by: str
    at: datetime


class Filed(ClaimEvent, Aggregate.Created):
    channel: str
    category: str
    customer: dict
    order: dict | None
    summary: str
    description: str | None
    received_at: datetime

    def apply(self, claim: Any) -> None:
        claim.init_state(self.channel, self.category, copy.deepcopy(self.customer),
                         copy.deepcopy(self.order), self.summary, self.description,
                         self.received_at, self.by, self.at)


class Assigned(ClaimEvent):
    assignee: str

    def apply(self, claim: Any) -> None:
        claim.assignee = self.assignee
        if self.assignee not in claim.handlers:
            claim.handlers.append(self.assignee)


class Responded(ClaimEvent):
    message: str
    channel: str

    def apply(self, claim: Any) -> None:
        claim.responses.append(Response(message=self.message, channel=self.channel, by=self.by,
                                        at=self.at))
        if claim.first_response_at is None:
            claim.first_response_at = self.at


class NoteAdded(ClaimEvent):
    text: str

    def apply(self, claim: Any) -> None:
        claim.notes.append(Note(text=self.text, by=self.by, at=self.at))


class AbuseReported(ClaimEvent):
    kind: str
    details: str | None

    def apply(self, claim: Any) -> None:
        claim.abuse_reports.append(AbuseReport(kind=self.kind, details=self.details, by=self.by,
                                               at=self.at))


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


class AttachmentAdded(ClaimEvent):
    """A file joined the claim; its sha256 puts the file under the events' hash chain."""

    attachment_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    kind: str
    fact_check_id: str | None
    escalation_id: str | None

    def apply(self, claim: Any) -> None:
        # A new list, not append: claims from snapshots older than attachments share the
        # class default (an empty tuple).
        claim.attachments = [*claim.attachments, Attachment(
            id=self.attachment_id, filename=self.filename, media_type=self.media_type,
            size=self.size, sha256=self.sha256, kind=self.kind, uploaded_by=self.by,
            uploaded_at=self.at, fact_check_id=self.fact_check_id,
            escalation_id=self.escalation_id)]


class VendorLinkIssued(ClaimEvent):
    """A vendor may answer the fact check through a link until it expires; an earlier link
    of the same fact check stops working."""

    fact_check_id: str
    link_id: str
    expires_at: datetime

    def apply(self, claim: Any) -> None:
        for link in claim.vendor_links:
            if link.fact_check_id == self.fact_check_id and link.revoked_at is None:
                link.revoked_at, link.revoked_by = self.at, self.by
        claim.vendor_links = [*claim.vendor_links, VendorLink(
            id=self.link_id, fact_check_id=self.fact_check_id, expires_at=self.expires_at,
            issued_by=self.by, issued_at=self.at)]


class VendorLinkRevoked(ClaimEvent):
    fact_check_id: str
    link_id: str

    def apply(self, claim: Any) -> None:
        link = claim.vendor_link(self.link_id)
        link.revoked_at, link.revoked_by = self.at, self.by


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


class Closed(ClaimEvent):
    resolution: str
    summary: str | None

    def apply(self, claim: Any) -> None:
        claim.resolution, claim.closure_summary = self.resolution, self.summary
        claim.closed_at, claim.closed_by = self.at, self.by


class Reopened(ClaimEvent):
    reason: str

    def apply(self, claim: Any) -> None:
        claim.reopen_count += 1
        claim.reopened_at = self.at
        claim.resolution = claim.closure_summary = None
        claim.closed_at = claim.closed_by = None
        claim.satisfaction = None


class SatisfactionRecorded(ClaimEvent):
    score: int
    via: str
    comment: str | None

    def apply(self, claim: Any) -> None:
        claim.satisfaction = Satisfaction(score=self.score, via=self.via, comment=self.comment,
                                          at=self.at)


class DeadlineAlerted(ClaimEvent):
    """One apply for every alert the clock records; the subclass names the deadline kind."""

    kind: ClassVar[str] = OVERDUE
    deadline: str
    due_at: datetime

    def apply(self, claim: Any) -> None:
        claim.alerts.append(DeadlineAlert(self.kind, self.deadline, self.due_at, self.at))


class FirstResponseOverdue(DeadlineAlerted):
    pass


class FactCheckOverdue(DeadlineAlerted):
    pass


class ResolutionOverdue(DeadlineAlerted):
    pass


class AgencyDeadlineMissed(DeadlineAlerted):
    pass


class AgencyDeadlineApproaching(DeadlineAlerted):
    kind: ClassVar[str] = APPROACHING


ALERTS: dict[str, type[DeadlineAlerted]] = {
    cls.__name__: cls for cls in (FirstResponseOverdue, FactCheckOverdue, ResolutionOverdue,
                                  AgencyDeadlineMissed, AgencyDeadlineApproaching)}
