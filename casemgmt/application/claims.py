"""Claim use cases: one method per thing staff do, each taking the actor and an expected
version and returning the claim as saved (a new part is the last of its kind on it)."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Mapping
from uuid import UUID

from casemgmt.domain import access
from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Actor, Customer, Order

from .citations import calculate_citation
from .order_guard import OrderGuard

ClaimRef = UUID | str


class ClaimUseCases(OrderGuard):
    def file_claim(self, actor: Actor, *, channel: str, category: str, customer: Customer,
                   order: Order | None, summary: str, description: str | None = None,
                   received_at: datetime | None = None) -> Claim:
        claim = Claim.file(channel=channel, category=category, customer=customer, order=order,
                           summary=summary, description=description, received_at=received_at,
                           by=actor, at=self.clock.now())
        self.save_atomically(claim)
        return claim

    def assign(self, actor: Actor, claim_id: ClaimRef, assignee_id: str,
               expected_version: int | None = None) -> Claim:
        assignee = self.staff_actor(assignee_id)
        return self._run(claim_id, expected_version,
                         lambda c: c.assign(assignee, by=actor, at=self.clock.now()))

    def respond(self, actor: Actor, claim_id: ClaimRef, message: str, channel: str,
                expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version,
                         lambda c: c.respond(message, channel, by=actor, at=self.clock.now()))

    def request_fact_check(self, actor: Actor, claim_id: ClaimRef, *, vendor_id: str,
                           vendor_kind: str, question: str, due_at: datetime | None = None,
                           expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.request_fact_check(
            vendor_id, vendor_kind, question, due_at, by=actor, at=self.clock.now()))

    def answer_fact_check(self, actor: Actor, claim_id: ClaimRef, fact_check_id: str, *,
                          finding: str, details: str | None = None,
                          evidence: list[str] | None = None,
                          expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.answer_fact_check(
            fact_check_id, finding, details, evidence or [], by=actor, at=self.clock.now()))

    def cancel_fact_check(self, actor: Actor, claim_id: ClaimRef, fact_check_id: str,
                          reason: str | None = None, expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.cancel_fact_check(
            fact_check_id, reason, by=actor, at=self.clock.now()))

    def propose_decision(self, actor: Actor, claim_id: ClaimRef, *, remedy: str, amount_krw: int,
                         rationale: str, standard: Mapping[str, Any] | None = None,
                         expected_version: int | None = None) -> Claim:
        """`standard`: {"rule_id", "inputs", "on"?} cites the remedy standard (citations.py).
        The order's earlier payments are looked up and the proposal stored race-free
        (order_guard.py)."""
        def propose(claim: Claim, earlier) -> str:
            cited = None
            if standard:
                access.require_may_change(actor, claim.assignee)  # who may act comes first
                cited = calculate_citation(self.remedy_standard, claim, standard)
            return claim.propose_decision(remedy, amount_krw, rationale, by=actor,
                                          at=self.clock.now(), policy=self.policy, standard=cited,
                                          earlier=earlier)

        return self.change_guarded(claim_id, expected_version, propose)[0]

    def review_decision(self, actor: Actor, claim_id: ClaimRef, decision_id: str, *,
                        approved: bool, note: str | None = None,
                        acknowledged_previous: list[dict] | None = None,
                        expected_version: int | None = None) -> Claim:
        acknowledged = (None if acknowledged_previous is None else
                        [(a["claim_id"], a["decision_id"]) for a in acknowledged_previous])
        claim, _ = self.change_guarded(claim_id, expected_version, lambda c, earlier: (
            c.review_decision(decision_id, approved, note, by=actor, at=self.clock.now(),
                              policy=self.policy, earlier=earlier, acknowledged=acknowledged)))
        return claim

    def escalate(self, actor: Actor, claim_id: ClaimRef, *, agency: str, agency_reference: str,
                 received_at: datetime, stage: str | None = None,
                 expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.escalate(
            agency, agency_reference, received_at, stage, by=actor, at=self.clock.now()))

    def advance_escalation(self, actor: Actor, claim_id: ClaimRef, escalation_id: str, *,
                           stage: str, at: datetime | None = None, details: str | None = None,
                           expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.advance_escalation(
            escalation_id, stage, at, details, by=actor, at=self.clock.now()))

    def reply_to_agency(self, actor: Actor, claim_id: ClaimRef, escalation_id: str, message: str,
                        expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.reply_to_agency(
            escalation_id, message, by=actor, at=self.clock.now()))

    def extend_relief_period(self, actor: Actor, claim_id: ClaimRef, escalation_id: str, *,
                             days: int, reason: str, at: datetime | None = None,
                             expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.extend_relief_period(
            escalation_id, days, reason, at, by=actor, at=self.clock.now(),
            policy=self.deadline_policy))

    def conclude_escalation(self, actor: Actor, claim_id: ClaimRef, escalation_id: str, *,
                            outcome: str, details: str | None = None,
                            expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.conclude_escalation(
            escalation_id, outcome, details, by=actor, at=self.clock.now()))

    def close_claim(self, actor: Actor, claim_id: ClaimRef, *, resolution: str,
                    summary: str | None = None, expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.close(
            resolution, summary, by=actor, at=self.clock.now()))

    def reopen(self, actor: Actor, claim_id: ClaimRef, reason: str,
               expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version,
                         lambda c: c.reopen(reason, by=actor, at=self.clock.now()))

    def record_satisfaction(self, actor: Actor, claim_id: ClaimRef, *, score: int, via: str,
                            comment: str | None = None,
                            expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version, lambda c: c.record_satisfaction(
            score, via, comment, by=actor, at=self.clock.now()))

    def add_note(self, actor: Actor, claim_id: ClaimRef, text: str,
                 expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version,
                         lambda c: c.add_note(text, by=actor, at=self.clock.now()))

    def report_abuse(self, actor: Actor, claim_id: ClaimRef, *, kind: str,
                     details: str | None = None, expected_version: int | None = None) -> Claim:
        return self._run(claim_id, expected_version,
                         lambda c: c.report_abuse(kind, details, by=actor, at=self.clock.now()))

    def _run(self, claim_id: ClaimRef, expected_version: int | None, command) -> Claim:
        claim, _ = self.change_claim(claim_id, expected_version, command)
        return claim
