"""The claim's rules for remedy decisions: proposed within the proposer's authority (beyond the
remedy standard's amount when it cites one), held as a duplicate compensation of the order, and
approved or rejected by a supervisor. Mixed into Claim (claim.py), whose events these are."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from . import access, concessions, rules
from .authority import AuthorityPolicy
from .concessions import PriorConcession
from .errors import InvalidCommand, NotPermitted, StateConflict
from .standard_citation import (
    StandardCalculation,
    baseline_for,
    counted_against_authority,
)
from .values import NO_AMOUNT_REMEDIES, Actor, DecisionStatus, Remedy


class ClaimDecisions:
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
