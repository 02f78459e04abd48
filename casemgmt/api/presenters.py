"""A claim's state turned into the JSON clients see, masked for roles that need no personal data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casemgmt.domain import deadlines as dl
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.claim import Claim
from casemgmt.domain.masking import customer_as_seen_by, sees_masked
from casemgmt.domain.values import Actor

from .decision_presenters import decision
from .evidence_presenters import attachments, fact_check_evidence


@dataclass(frozen=True)
class View:
    """Who is looking and when: decides masking and which deadlines are overdue."""

    actor: Actor
    now: datetime
    policy: dl.DeadlinePolicy
    calendar: BusinessCalendar

    @property
    def masked(self) -> bool:
        return sees_masked(self.actor.role)


def customer(claim: Claim, view: View) -> dict[str, Any]:
    c = claim.customer
    return customer_as_seen_by(view.actor.role, dict(
        id=c.id, name=c.name, phone=c.phone, email=c.email, tier=c.tier,
        vulnerable=list(c.vulnerable)))


def summary(claim: Claim, view: View) -> dict[str, Any]:
    return dict(
        id=str(claim.id), version=claim.version, status=claim.status.value,
        channel=claim.channel, category=claim.category, customer=customer(claim, view),
        summary=claim.summary, priority=claim.priority.value, assignee=claim.assignee,
        received_at=claim.received_at, first_response_at=claim.first_response_at,
        deadlines=dl.claim_deadlines(claim, view.policy, view.calendar),
        overdue=dl.overdue(claim, view.now, view.policy, view.calendar),
        closed_at=claim.closed_at, flags=claim.flags,
    )


def claim_detail(claim: Claim, view: View) -> dict[str, Any]:
    body = summary(claim, view)
    order = claim.order
    body.update(
        order=dict(id=order.id, merchant_id=order.merchant_id, amount_krw=order.amount_krw)
        if order else None,
        description=claim.description,
        fact_checks=[{**_fact_check(fc, view), **fact_check_evidence(claim, fc, view.now)}
                     for fc in claim.fact_checks],
        decisions=[decision(claim, d, view) for d in claim.decisions],
        escalations=[_escalation(e, view) for e in claim.escalations],
        responses=[dict(text=r.message, channel=r.channel, by=r.by, at=r.at) for r in claim.responses],
        notes=[dict(text=n.text, channel=None, by=n.by, at=n.at) for n in claim.notes],
        abuse_reports=[vars(a).copy() for a in claim.abuse_reports],
        resolution=claim.resolution, closure_summary=claim.closure_summary,
        reopen_count=claim.reopen_count,
        satisfaction=vars(claim.satisfaction).copy() if claim.satisfaction else None,
        filed_by=claim.filed_by, filed_at=claim.filed_at, attachments=attachments(claim),
    )
    return body


def _fact_check(fc, view: View) -> dict[str, Any]:
    return dict(id=fc.id, vendor=dict(id=fc.vendor_id, kind=fc.vendor_kind), question=fc.question,
                requested_at=fc.requested_at, due_at=dl.fact_check_due(fc, view.policy, view.calendar),
                status=fc.status, finding=fc.finding, details=fc.details, evidence=list(fc.evidence),
                answered_at=fc.answered_at)


def _escalation(e, view: View) -> dict[str, Any]:
    return dict(id=e.id, agency=e.agency, agency_reference=e.agency_reference,
                received_at=e.received_at, stage=e.stage,
                stages=[vars(s).copy() for s in e.stages],
                replies=[vars(r).copy() for r in e.replies],
                extensions=[vars(x).copy() for x in e.extensions],
                deadlines=dl.escalation_deadlines(e, view.policy, view.calendar),
                outcome=e.outcome, outcome_details=e.outcome_details, concluded_at=e.concluded_at)
