"""The claim: one complaint case, from intake to closure, as an event-sourced aggregate.

Public methods check the rules (they may depend on the actor, the time and the authority
policy) and then trigger an event with the decided facts; each event applies itself to the
claim (claim_events/), so replaying the events rebuilds the claim without the rules.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from eventsourcing.domain import Aggregate

from . import access, rules
from . import claim_events as events
from .alerts import OVERDUE, event_name
from .claim_decisions import ClaimDecisions
from .claim_escalations import ClaimEscalations
from .claim_evidence import ClaimEvidence
from .errors import InvalidCommand, NotPermitted, StateConflict
from .parts import FactCheck
from .state import ClaimState
from .values import (
    AbuseKind,
    Actor,
    Category,
    Channel,
    Customer,
    FactCheckStatus,
    Finding,
    Order,
    Resolution,
    SatisfactionVia,
    Tier,
    VendorKind,
    Vulnerability,
)


class Claim(ClaimState, ClaimEvidence, ClaimDecisions, ClaimEscalations, Aggregate,
            created_event_name="Filed"):
    Filed = events.Filed
    Assigned = events.Assigned
    Responded = events.Responded
    NoteAdded = events.NoteAdded
    AbuseReported = events.AbuseReported
    FactCheckRequested = events.FactCheckRequested
    FactCheckAnswered = events.FactCheckAnswered
    FactCheckCancelled = events.FactCheckCancelled
    DecisionProposed = events.DecisionProposed
    DecisionApproved = events.DecisionApproved
    DecisionRejected = events.DecisionRejected
    Escalated = events.Escalated
    EscalationAdvanced = events.EscalationAdvanced
    AgencyReplied = events.AgencyReplied
    EscalationConcluded = events.EscalationConcluded
    AgencyExtended = events.AgencyExtended
    Closed = events.Closed
    Reopened = events.Reopened
    SatisfactionRecorded = events.SatisfactionRecorded
    FirstResponseOverdue = events.FirstResponseOverdue
    FactCheckOverdue = events.FactCheckOverdue
    ResolutionOverdue = events.ResolutionOverdue
    AgencyDeadlineMissed = events.AgencyDeadlineMissed
    AgencyDeadlineApproaching = events.AgencyDeadlineApproaching
    # evidence (claim_evidence.py)
    AttachmentAdded = events.AttachmentAdded
    VendorLinkIssued = events.VendorLinkIssued
    VendorLinkRevoked = events.VendorLinkRevoked

    @classmethod
    def file(cls, *, channel: str, category: str, customer: Customer, order: Order | None,
             summary: str, description: str | None, received_at: datetime | None,
             by: Actor, at: datetime) -> Claim:
        access.require_casework_role(by)
        received = rules.aware(received_at, "received_at", optional=True) or at
        rules.not_after(received, at, "received_at")
        return cls._create(
            cls.Filed,
            channel=rules.one_of(Channel, channel, "channel").value,
            category=rules.one_of(Category, category, "category").value,
            customer=asdict(_valid_customer(customer)),
            order=asdict(_valid_order(order)) if order is not None else None,
            summary=rules.text(summary, "summary"),
            description=description,
            received_at=received,
            by=by.id,
            at=at,
        )

    # -- assignment, responses, notes, abuse reports ------------------------------------

    def assign(self, assignee: Actor, *, by: Actor, at: datetime) -> None:
        # Who may act comes first, as in every other command: a wrong role is 403, not 409.
        access.require_may_assign(by, self.assignee, assignee)
        self._require_open()
        if assignee.id == self.assignee:
            raise StateConflict("assignment.unchanged", "the claim is already assigned to them")
        self.trigger_event(self.Assigned, assignee=assignee.id, by=by.id, at=at)

    def respond(self, message: str, channel: str, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self.trigger_event(self.Responded, message=rules.text(message, "message"),
                           channel=rules.one_of(Channel, channel, "channel").value, by=by.id, at=at)

    def add_note(self, text: str, *, by: Actor, at: datetime) -> None:
        access.require_may_change(by, self.assignee)
        self.trigger_event(self.NoteAdded, text=rules.text(text, "text"), by=by.id, at=at)

    def report_abuse(self, kind: str, details: str | None, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self.trigger_event(self.AbuseReported, kind=rules.one_of(AbuseKind, kind, "kind").value,
                           details=details, by=by.id, at=at)

    # -- fact checks ---------------------------------------------------------------------

    def request_fact_check(self, vendor_id: str, vendor_kind: str, question: str,
                           due_at: datetime | None, *, by: Actor, at: datetime) -> str:
        self._require_changeable(by)
        due = rules.aware(due_at, "due_at", optional=True)
        if due is not None and due <= at:
            raise InvalidCommand("due_at.past", "due_at must be later than now", "due_at")
        fact_check_id = f"fc-{len(self.fact_checks) + 1}"
        self.trigger_event(self.FactCheckRequested, fact_check_id=fact_check_id,
                           vendor_id=rules.text(vendor_id, "vendor.id"),
                           vendor_kind=rules.one_of(VendorKind, vendor_kind, "vendor.kind").value,
                           question=rules.text(question, "question"), due_at=due, by=by.id, at=at)
        return fact_check_id

    def answer_fact_check(self, fact_check_id: str, finding: str, details: str | None,
                          evidence: list[str], *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_fact_check(fact_check_id)
        self.trigger_event(self.FactCheckAnswered, fact_check_id=fact_check_id,
                           finding=rules.one_of(Finding, finding, "finding").value,
                           details=details, evidence=list(evidence or []), by=by.id, at=at)

    def cancel_fact_check(self, fact_check_id: str, reason: str | None, *, by: Actor,
                          at: datetime) -> None:
        self._require_changeable(by)
        self._open_fact_check(fact_check_id)
        self.trigger_event(self.FactCheckCancelled, fact_check_id=fact_check_id, reason=reason,
                           by=by.id, at=at)

    # -- closure, reopening, satisfaction -------------------------------------------------

    def close(self, resolution: str, summary: str | None, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        chosen = rules.one_of(Resolution, resolution, "resolution")
        if any(d.is_pending for d in self.decisions):
            raise StateConflict("closure.decision_pending", "a decision still awaits approval")
        if any(e.is_open for e in self.escalations):
            raise StateConflict("closure.escalation_open",
                                "an agency escalation has no outcome yet")
        if self.first_response_at is None:
            raise StateConflict("closure.no_response", "the customer has not had a response yet")
        for fact_check in [fc for fc in self.fact_checks if fc.is_open]:
            self.trigger_event(self.FactCheckCancelled, fact_check_id=fact_check.id,
                               reason="claim closed", by=by.id, at=at)
        self.trigger_event(self.Closed, resolution=chosen.value, summary=summary, by=by.id, at=at)

    def reopen(self, reason: str, *, by: Actor, at: datetime) -> None:
        access.require_may_change(by, self.assignee)
        if not self.is_closed:
            raise StateConflict("reopening.not_closed", "only a closed claim can be reopened")
        self.trigger_event(self.Reopened, reason=rules.text(reason, "reason"), by=by.id, at=at)

    def record_satisfaction(self, score: int, via: str, comment: str | None, *, by: Actor,
                            at: datetime) -> None:
        access.require_may_change(by, self.assignee)
        if not self.is_closed:
            raise StateConflict("satisfaction.not_closed", "satisfaction is asked after closure")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise InvalidCommand("score.range", "score must be a whole number from 0 to 10",
                                 "score")
        self.trigger_event(self.SatisfactionRecorded, score=score,
                           via=rules.one_of(SatisfactionVia, via, "via").value,
                           comment=comment, by=by.id, at=at)

    # -- deadline alerts (recorded by the clock; see alerts.py) -------------------------

    def record_deadline_alert(self, kind: str, deadline: str, due_at: datetime, *, by: Actor,
                              at: datetime) -> bool:
        """Record the alert unless it was recorded already; returns whether it was new."""
        if not access.may(by, "record_alerts"):
            raise NotPermitted("alert.system_only", "deadline alerts are recorded by the clock")
        if (kind, deadline, due_at.isoformat()) in {a.key for a in self.alerts}:
            return False
        self.trigger_event(getattr(self, event_name(kind, deadline)), deadline=deadline,
                           due_at=due_at, by=by.id, at=at)
        return True

    @property
    def missed_deadlines(self) -> list[str]:
        return sorted({a.deadline for a in self.alerts if a.kind == OVERDUE})

    # -- guards --------------------------------------------------------------------------

    def _require_open(self) -> None:
        if self.is_closed:
            raise StateConflict("claim.closed", "the claim is closed; reopen it first")

    def _require_changeable(self, by: Actor) -> None:
        access.require_may_change(by, self.assignee)
        self._require_open()

    def _open_fact_check(self, fact_check_id: str) -> FactCheck:
        fact_check = self.fact_check(fact_check_id)
        if fact_check.status != FactCheckStatus.OPEN:
            raise StateConflict("fact_check.not_open",
                                f"fact check {fact_check_id} is {fact_check.status}")
        return fact_check


def _valid_customer(customer: Customer) -> Customer:
    rules.text(customer.id, "customer.id")
    rules.text(customer.name, "customer.name")
    rules.one_of(Tier, customer.tier, "customer.tier")
    for kind in customer.vulnerable:
        rules.one_of(Vulnerability, kind, "customer.vulnerable")
    return Customer(id=customer.id, name=customer.name, tier=Tier(customer.tier).value,
                    phone=customer.phone, email=customer.email,
                    vulnerable=sorted({Vulnerability(v).value for v in customer.vulnerable}))


def _valid_order(order: Order) -> Order:
    rules.text(order.id, "order.id")
    if order.amount_krw is not None:
        rules.amount(order.amount_krw, "order.amount_krw")
    return order


# How the event store names the claim and its events (nested on Claim, so module:Claim.Name);
# readers of the log (views, the audit feed, webhooks) select claim events by these.
CLAIM_TOPIC = f"{Claim.__module__}:{Claim.__qualname__}"
CLAIM_EVENT_TOPICS = tuple(sorted(
    f"{CLAIM_TOPIC}.{name}" for name, value in vars(Claim).items()
    if isinstance(value, type) and issubclass(value, events.ClaimEvent)))
