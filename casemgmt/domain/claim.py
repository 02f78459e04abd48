"""The claim: one complaint case, from intake to closure, as an event-sourced aggregate.

Public methods check the rules (they may depend on the actor, the time and the
authority policy) and then call a private ``@event`` method with the decided facts:
those bodies run again on every replay, so they only record.
"""
from __future__ import annotations

import copy
from dataclasses import asdict
from datetime import datetime

from eventsourcing.domain import Aggregate, event

from . import access, rules
from .alerts import APPROACHING, OVERDUE, DeadlineAlerts
from .authority import AuthorityPolicy
from .errors import InvalidCommand, NotPermitted, StateConflict
from .parts import Decision, Escalation, FactCheck
from .state import ClaimState
from .values import (
    NO_AMOUNT_REMEDIES, AbuseKind, Actor, Agency, Category, Channel, Customer, DecisionStatus,
    FactCheckStatus, Finding, Order, Outcome, Remedy, Resolution, SatisfactionVia, Stage, Tier,
    VendorKind, Vulnerability,
)


class Claim(DeadlineAlerts, ClaimState, Aggregate):
    @classmethod
    def file(cls, *, channel: str, category: str, customer: Customer, order: Order | None,
             summary: str, description: str | None, received_at: datetime | None,
             by: Actor, at: datetime) -> Claim:
        access.require_casework_role(by)
        received = rules.aware(received_at, "received_at", optional=True) or at
        rules.not_after(received, at, "received_at")
        return cls(
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

    @event("Filed")
    def __init__(self, channel: str, category: str, customer: dict, order: dict | None,
                 summary: str, description: str | None, received_at: datetime,
                 by: str, at: datetime):
        self.init_state(channel, category, copy.deepcopy(customer), copy.deepcopy(order),
                        summary, description, received_at, by, at)

    # -- assignment, responses, notes, abuse reports ------------------------------------

    def assign(self, assignee: Actor, *, by: Actor, at: datetime) -> None:
        # Who may act comes first, as in every other command: a wrong role is 403, not 409.
        access.require_may_assign(by, self.assignee, assignee)
        self._require_open()
        if assignee.id == self.assignee:
            raise StateConflict("assignment.unchanged", "the claim is already assigned to them")
        self._assigned(assignee=assignee.id, by=by.id, at=at)

    @event("Assigned")
    def _assigned(self, assignee: str, by: str, at: datetime) -> None:
        self.apply_assigned(assignee, by, at)

    def respond(self, message: str, channel: str, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._responded(message=rules.text(message, "message"),
                        channel=rules.one_of(Channel, channel, "channel").value, by=by.id, at=at)

    @event("Responded")
    def _responded(self, message: str, channel: str, by: str, at: datetime) -> None:
        self.apply_responded(message, channel, by, at)

    def add_note(self, text: str, *, by: Actor, at: datetime) -> None:
        access.require_may_change(by, self.assignee)
        self._noted(text=rules.text(text, "text"), by=by.id, at=at)

    @event("NoteAdded")
    def _noted(self, text: str, by: str, at: datetime) -> None:
        self.apply_noted(text, by, at)

    def report_abuse(self, kind: str, details: str | None, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._abuse_reported(kind=rules.one_of(AbuseKind, kind, "kind").value,
                             details=details, by=by.id, at=at)

    @event("AbuseReported")
    def _abuse_reported(self, kind: str, details: str | None, by: str, at: datetime) -> None:
        self.apply_abuse_reported(kind, details, by, at)

    # -- fact checks ---------------------------------------------------------------------

    def request_fact_check(self, vendor_id: str, vendor_kind: str, question: str,
                           due_at: datetime | None, *, by: Actor, at: datetime) -> str:
        self._require_changeable(by)
        due = rules.aware(due_at, "due_at", optional=True)
        if due is not None and due <= at:
            raise InvalidCommand("due_at.past", "due_at must be later than now", "due_at")
        fact_check_id = f"fc-{len(self.fact_checks) + 1}"
        self._fact_check_requested(
            fact_check_id=fact_check_id, vendor_id=rules.text(vendor_id, "vendor.id"),
            vendor_kind=rules.one_of(VendorKind, vendor_kind, "vendor.kind").value,
            question=rules.text(question, "question"), due_at=due, by=by.id, at=at)
        return fact_check_id

    @event("FactCheckRequested")
    def _fact_check_requested(self, fact_check_id: str, vendor_id: str, vendor_kind: str,
                              question: str, due_at: datetime | None, by: str,
                              at: datetime) -> None:
        self.fact_checks.append(FactCheck(
            id=fact_check_id, vendor_id=vendor_id, vendor_kind=vendor_kind, question=question,
            requested_at=at, requested_by=by, due_at=due_at))

    def answer_fact_check(self, fact_check_id: str, finding: str, details: str | None,
                          evidence: list[str], *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_fact_check(fact_check_id)
        self._fact_check_answered(
            fact_check_id=fact_check_id, finding=rules.one_of(Finding, finding, "finding").value,
            details=details, evidence=list(evidence or []), by=by.id, at=at)

    @event("FactCheckAnswered")
    def _fact_check_answered(self, fact_check_id: str, finding: str, details: str | None,
                             evidence: list[str], by: str, at: datetime) -> None:
        self.apply_fact_check_answered(fact_check_id, finding, details, evidence, at)

    def cancel_fact_check(self, fact_check_id: str, reason: str | None, *, by: Actor,
                          at: datetime) -> None:
        self._require_changeable(by)
        self._open_fact_check(fact_check_id)
        self._fact_check_cancelled(fact_check_id=fact_check_id, reason=reason, by=by.id, at=at)

    @event("FactCheckCancelled")
    def _fact_check_cancelled(self, fact_check_id: str, reason: str | None, by: str,
                              at: datetime) -> None:
        self.apply_fact_check_cancelled(fact_check_id, reason, at)

    # -- decisions -----------------------------------------------------------------------

    def propose_decision(self, remedy: str, amount_krw: int, rationale: str, *, by: Actor,
                         at: datetime, policy: AuthorityPolicy) -> str:
        self._require_changeable(by)
        chosen = rules.one_of(Remedy, remedy, "remedy")
        amount = rules.amount(amount_krw)
        if chosen in NO_AMOUNT_REMEDIES and amount:
            raise InvalidCommand("amount_krw.not_allowed",
                                 f"a {chosen.value} decision gives no money: amount_krw must be 0",
                                 "amount_krw")
        within = policy.covers(by.authority_limit, self.customer.tier, amount)
        decision_id = f"d-{len(self.decisions) + 1}"
        self._decision_proposed(
            decision_id=decision_id, remedy=chosen.value, amount_krw=amount,
            rationale=rules.text(rationale, "rationale"),
            status=(DecisionStatus.APPROVED if within else DecisionStatus.PENDING_APPROVAL).value,
            by=by.id, at=at)
        return decision_id

    @event("DecisionProposed")
    def _decision_proposed(self, decision_id: str, remedy: str, amount_krw: int, rationale: str,
                           status: str, by: str, at: datetime) -> None:
        self.decisions.append(Decision(
            id=decision_id, remedy=remedy, amount_krw=amount_krw, rationale=rationale,
            proposed_by=by, proposed_at=at, status=status,
            decided_by=by if status == DecisionStatus.APPROVED else None,
            decided_at=at if status == DecisionStatus.APPROVED else None))

    def review_decision(self, decision_id: str, approved: bool, note: str | None, *,
                        by: Actor, at: datetime, policy: AuthorityPolicy) -> None:
        decision = self.decision(decision_id)
        access.require_may_approve(by, decision.proposed_by)
        if not decision.is_pending:
            raise StateConflict("approval.not_pending", f"decision {decision_id} is {decision.status}")
        if not policy.covers(by.authority_limit, self.customer.tier, decision.amount_krw):
            raise NotPermitted(
                "approval.beyond_authority",
                f"{decision.amount_krw} won is beyond this supervisor's authority "
                f"({policy.effective_limit(by.authority_limit, self.customer.tier)} won)")
        if approved:
            self._decision_approved(decision_id=decision_id, note=note, by=by.id, at=at)
        else:
            self._decision_rejected(decision_id=decision_id, note=note, by=by.id, at=at)

    @event("DecisionApproved")
    def _decision_approved(self, decision_id: str, note: str | None, by: str, at: datetime) -> None:
        self.apply_decision_reviewed(decision_id, DecisionStatus.APPROVED, note, by, at)

    @event("DecisionRejected")
    def _decision_rejected(self, decision_id: str, note: str | None, by: str, at: datetime) -> None:
        self.apply_decision_reviewed(decision_id, DecisionStatus.REJECTED, note, by, at)

    # -- consumer-agency escalations -----------------------------------------------------

    def escalate(self, agency: str, agency_reference: str, received_at: datetime,
                 stage: str | None, *, by: Actor, at: datetime) -> str:
        self._require_changeable(by)
        chosen = rules.one_of(Agency, agency, "agency")
        reference = rules.text(agency_reference, "agency_reference")
        received = rules.not_after(rules.aware(received_at, "received_at"), at, "received_at")
        if any(e.agency == chosen and e.agency_reference == reference for e in self.escalations):
            raise StateConflict("escalation.duplicate",
                                f"{chosen.value} case {reference} is already on this claim")
        first = (rules.one_of(Stage, stage, "stage") if stage is not None
                 else Stage.REFERRED_TO_MEDIATION if chosen == Agency.MEDIATION_COMMITTEE
                 else Stage.FACT_INQUIRY)
        escalation_id = f"e-{len(self.escalations) + 1}"
        self._escalated(escalation_id=escalation_id, agency=chosen.value, agency_reference=reference,
                        received_at=received, stage=first.value, by=by.id, at=at)
        return escalation_id

    @event("Escalated")
    def _escalated(self, escalation_id: str, agency: str, agency_reference: str,
                   received_at: datetime, stage: str, by: str, at: datetime) -> None:
        self.apply_escalated(escalation_id, agency, agency_reference, received_at, stage, by)

    def advance_escalation(self, escalation_id: str, stage: str, stage_at: datetime | None,
                           details: str | None, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        escalation = self._open_escalation(escalation_id)
        target = rules.one_of(Stage, stage, "stage")
        if target.rank <= Stage(escalation.stage).rank:
            raise StateConflict("escalation.stage_backwards",
                                f"the track is at {escalation.stage}; stages only move forward")
        when = rules.aware(stage_at, "at", optional=True) or at
        rules.not_after(when, at, "at")
        self._escalation_advanced(escalation_id=escalation_id, stage=target.value, stage_at=when,
                                  details=details, by=by.id, at=at)

    @event("EscalationAdvanced")
    def _escalation_advanced(self, escalation_id: str, stage: str, stage_at: datetime,
                             details: str | None, by: str, at: datetime) -> None:
        self.apply_escalation_advanced(escalation_id, stage, stage_at, details)

    def reply_to_agency(self, escalation_id: str, message: str, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_escalation(escalation_id)
        self._agency_replied(escalation_id=escalation_id, message=rules.text(message, "message"),
                             by=by.id, at=at)

    @event("AgencyReplied")
    def _agency_replied(self, escalation_id: str, message: str, by: str, at: datetime) -> None:
        self.apply_agency_replied(escalation_id, message, by, at)

    def conclude_escalation(self, escalation_id: str, outcome: str, details: str | None, *,
                            by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_escalation(escalation_id)
        self._escalation_concluded(escalation_id=escalation_id,
                                   outcome=rules.one_of(Outcome, outcome, "outcome").value,
                                   details=details, by=by.id, at=at)

    @event("EscalationConcluded")
    def _escalation_concluded(self, escalation_id: str, outcome: str, details: str | None,
                              by: str, at: datetime) -> None:
        self.apply_escalation_concluded(escalation_id, outcome, details, at)

    # -- closure, reopening, satisfaction -------------------------------------------------

    def close(self, resolution: str, summary: str | None, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        chosen = rules.one_of(Resolution, resolution, "resolution")
        if any(d.is_pending for d in self.decisions):
            raise StateConflict("closure.decision_pending", "a decision still awaits approval")
        if any(e.is_open for e in self.escalations):
            raise StateConflict("closure.escalation_open", "an agency escalation has no outcome yet")
        if self.first_response_at is None:
            raise StateConflict("closure.no_response", "the customer has not had a response yet")
        for fact_check in [fc for fc in self.fact_checks if fc.is_open]:
            self._fact_check_cancelled(fact_check_id=fact_check.id, reason="claim closed",
                                       by=by.id, at=at)
        self._closed(resolution=chosen.value, summary=summary, by=by.id, at=at)

    @event("Closed")
    def _closed(self, resolution: str, summary: str | None, by: str, at: datetime) -> None:
        self.apply_closed(resolution, summary, by, at)

    def reopen(self, reason: str, *, by: Actor, at: datetime) -> None:
        access.require_may_change(by, self.assignee)
        if not self.is_closed:
            raise StateConflict("reopening.not_closed", "only a closed claim can be reopened")
        self._reopened(reason=rules.text(reason, "reason"), by=by.id, at=at)

    @event("Reopened")
    def _reopened(self, reason: str, by: str, at: datetime) -> None:
        self.apply_reopened(reason, by, at)

    def record_satisfaction(self, score: int, via: str, comment: str | None, *, by: Actor,
                            at: datetime) -> None:
        access.require_may_change(by, self.assignee)
        if not self.is_closed:
            raise StateConflict("satisfaction.not_closed", "satisfaction is asked after closure")
        if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 10:
            raise InvalidCommand("score.range", "score must be a whole number from 0 to 10", "score")
        self._satisfaction_recorded(score=score, via=rules.one_of(SatisfactionVia, via, "via").value,
                                    comment=comment, by=by.id, at=at)

    @event("SatisfactionRecorded")
    def _satisfaction_recorded(self, score: int, via: str, comment: str | None, by: str,
                               at: datetime) -> None:
        self.apply_satisfaction(score, via, comment, at)

    # -- deadline alerts (recorded by the clock; see alerts.py) -------------------------

    @event("FirstResponseOverdue")
    def _first_response_overdue(self, deadline: str, due_at: datetime, by: str, at: datetime) -> None:
        self.apply_alert(OVERDUE, deadline, due_at, at)

    @event("FactCheckOverdue")
    def _fact_check_overdue(self, deadline: str, due_at: datetime, by: str, at: datetime) -> None:
        self.apply_alert(OVERDUE, deadline, due_at, at)

    @event("ResolutionOverdue")
    def _resolution_overdue(self, deadline: str, due_at: datetime, by: str, at: datetime) -> None:
        self.apply_alert(OVERDUE, deadline, due_at, at)

    @event("AgencyDeadlineMissed")
    def _agency_deadline_missed(self, deadline: str, due_at: datetime, by: str, at: datetime) -> None:
        self.apply_alert(OVERDUE, deadline, due_at, at)

    @event("AgencyDeadlineApproaching")
    def _agency_deadline_approaching(self, deadline: str, due_at: datetime, by: str,
                                     at: datetime) -> None:
        self.apply_alert(APPROACHING, deadline, due_at, at)

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
            raise StateConflict("fact_check.not_open", f"fact check {fact_check_id} is {fact_check.status}")
        return fact_check

    def _open_escalation(self, escalation_id: str) -> Escalation:
        escalation = self.escalation(escalation_id)
        if not escalation.is_open:
            raise StateConflict("escalation.concluded",
                                f"escalation {escalation_id} ended with {escalation.outcome}")
        return escalation


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
