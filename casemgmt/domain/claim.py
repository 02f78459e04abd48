"""The claim: one complaint case, from intake to closure, as an event-sourced aggregate.

Public methods check the rules (they may depend on the actor, the time and the authority
policy) and then trigger an event with the decided facts; each event applies itself to the
claim (claim_events.py), so replaying the events rebuilds the claim without the rules.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Iterable

from eventsourcing.domain import Aggregate

from . import access, claim_events as events, concessions, rules
from .alerts import OVERDUE, event_name
from .authority import AuthorityPolicy
from .claim_evidence import ClaimEvidence
from .concessions import PriorConcession
from .deadline_policy import DeadlinePolicy
from .errors import InvalidCommand, NotPermitted, StateConflict
from .parts import Escalation, FactCheck
from .standard_citation import StandardCalculation, baseline_for, counted_against_authority
from .state import ClaimState
from .values import (
    NO_AMOUNT_REMEDIES, AbuseKind, Actor, Agency, Category, Channel, Customer, DecisionStatus,
    FactCheckStatus, Finding, Order, Outcome, Remedy, Resolution, SatisfactionVia, Stage, Tier,
    VendorKind, Vulnerability,
)


class Claim(ClaimState, ClaimEvidence, Aggregate, created_event_name="Filed"):
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

    # -- decisions -----------------------------------------------------------------------

    def propose_decision(self, remedy: str, amount_krw: int, rationale: str, *, by: Actor,
                         at: datetime, policy: AuthorityPolicy,
                         standard: StandardCalculation | None = None,
                         earlier: Iterable[PriorConcession] = ()) -> str:
        """With `standard`, only what goes beyond the standard's amount needs authority.
        `earlier`: approved money decisions already recorded for this claim's order on
        other claims (the application looks them up); see concessions.py."""
        self._require_changeable(by)
        chosen = rules.one_of(Remedy, remedy, "remedy")
        amount = rules.amount(amount_krw)
        if chosen in NO_AMOUNT_REMEDIES and amount:
            raise InvalidCommand("amount_krw.not_allowed",
                                 f"a {chosen.value} decision gives no money: amount_krw must be 0",
                                 "amount_krw")
        baseline = baseline_for(chosen.value, standard) if standard is not None else None
        counted = counted_against_authority(amount, baseline.amount_krw if baseline else None)
        within = policy.covers(by.authority_limit, self.customer.tier, counted)
        prior = self._prior_on_order(earlier)
        hold = concessions.hold_for(amount, prior)
        decision_id = f"d-{len(self.decisions) + 1}"
        self.trigger_event(self.DecisionProposed,
                           decision_id=decision_id, remedy=chosen.value, amount_krw=amount,
                           rationale=rules.text(rationale, "rationale"),
                           status=(DecisionStatus.APPROVED if within and hold is None
                                   else DecisionStatus.PENDING_APPROVAL).value,
                           hold=hold, previous=[p.as_fact() for p in prior] if hold else [],
                           by=by.id, at=at, **(baseline.as_event_fields() if baseline else {}))
        return decision_id

    def review_decision(self, decision_id: str, approved: bool, note: str | None, *,
                        by: Actor, at: datetime, policy: AuthorityPolicy,
                        earlier: Iterable[PriorConcession] = (),
                        acknowledged: Iterable[tuple[str, str]] | None = None) -> None:
        """Approving records the order's earlier payments as the supervisor approves on top
        of them; `acknowledged` (claim id, decision id) pairs, when given, must name every
        one the held decision did not cite."""
        decision = self.decision(decision_id)
        access.require_may_approve(by, decision.proposed_by)
        if not decision.is_pending:
            raise StateConflict("approval.not_pending",
                                f"decision {decision_id} is {decision.status}")
        # A decision citing the standard needs authority only for what goes beyond it.
        if not policy.covers(by.authority_limit, self.customer.tier, decision.counted_krw):
            raise NotPermitted(
                "approval.beyond_authority",
                f"{decision.counted_krw} won is beyond this supervisor's authority "
                f"({policy.effective_limit(by.authority_limit, self.customer.tier)} won)")
        if not approved:
            self.trigger_event(self.DecisionRejected, decision_id=decision_id, note=note,
                               by=by.id, at=at)
            return
        prior = self._prior_on_order(earlier, excluding=decision_id) if decision.amount_krw else []
        if acknowledged is not None:
            missing = concessions.unseen(prior, decision.previous, acknowledged)
            if missing:
                raise StateConflict(
                    "approval.unseen_previous",
                    "approved on the same order since this decision was proposed: "
                    + ", ".join(f"{p.claim_id} {p.decision_id} ({p.amount_krw} won)"
                                for p in missing))
        self.trigger_event(self.DecisionApproved, decision_id=decision_id, note=note,
                           acknowledged_previous=[p.as_fact() for p in prior], by=by.id, at=at)

    def _prior_on_order(self, earlier: Iterable[PriorConcession], *,
                        excluding: str | None = None) -> list[PriorConcession]:
        if self.order is None:
            return []  # no order, nothing to compare: the guard needs an order number
        return concessions.prior_on_order(str(self.id), self.decisions, earlier,
                                          excluding=excluding)

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
        self.trigger_event(self.Escalated, escalation_id=escalation_id, agency=chosen.value,
                           agency_reference=reference, received_at=received, stage=first.value,
                           by=by.id, at=at)
        return escalation_id

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
        self.trigger_event(self.EscalationAdvanced, escalation_id=escalation_id, stage=target.value,
                           stage_at=when, details=details, by=by.id, at=at)

    def reply_to_agency(self, escalation_id: str, message: str, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_escalation(escalation_id)
        self.trigger_event(self.AgencyReplied, escalation_id=escalation_id,
                           message=rules.text(message, "message"), by=by.id, at=at)

    def extend_relief_period(self, escalation_id: str, days: int, reason: str,
                             extended_at: datetime | None, *, by: Actor, at: datetime,
                             policy: DeadlinePolicy) -> None:
        """Record the agency's extension of its relief period (소비자기본법 제58조 단서):
        only a track that runs that period, while it is open, up to the cap in total."""
        self._require_changeable(by)
        escalation = self._open_escalation(escalation_id)
        if escalation.agency not in policy.relief_agencies:
            raise StateConflict("extension.no_relief_period",
                                f"a {escalation.agency} track has no relief period to extend")
        cap, used = policy.relief_max_extension_days, escalation.extension_days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= cap:
            raise InvalidCommand("days.range", f"days must be a whole number from 1 to {cap}",
                                 "days")
        if used + days > cap:
            raise InvalidCommand("days.beyond_cap", f"the relief period may be extended by "
                                 f"{cap} days in all; {used} are used, {cap - used} left", "days")
        when = rules.aware(extended_at, "at", optional=True) or at
        rules.not_after(when, at, "at")
        if when < escalation.received_at:
            raise InvalidCommand("at.before_receipt",
                                 "the agency cannot extend before it received the case", "at")
        self.trigger_event(self.AgencyExtended, escalation_id=escalation_id, days=days,
                           reason=rules.text(reason, "reason"), extended_at=when, by=by.id, at=at)

    def conclude_escalation(self, escalation_id: str, outcome: str, details: str | None, *,
                            by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_escalation(escalation_id)
        self.trigger_event(self.EscalationConcluded, escalation_id=escalation_id,
                           outcome=rules.one_of(Outcome, outcome, "outcome").value,
                           details=details, by=by.id, at=at)

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


# How the event store names the claim and its events (nested on Claim, so module:Claim.Name);
# readers of the log (views, the audit feed, webhooks) select claim events by these.
CLAIM_TOPIC = f"{Claim.__module__}:{Claim.__qualname__}"
CLAIM_EVENT_TOPICS = tuple(sorted(
    f"{CLAIM_TOPIC}.{name}" for name, value in vars(Claim).items()
    if isinstance(value, type) and issubclass(value, events.ClaimEvent)))
