"""The supervisors' inbox: decisions waiting for approval, oldest first, approved or rejected
in place (the form posts to the claim's approval command and comes back here)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, render_template, request

from . import backend
from .access import page, signed_in
from .commands import BY_KEY
from .refusals import reason

blp = Blueprint("approvals", __name__)
APPROVAL = BY_KEY["approval"]


@dataclass(frozen=True)
class Waiting:
    claim_id: str
    version: int
    summary: str
    category: str
    tier: str
    decision_id: str
    remedy: str
    amount_krw: int
    rationale: str
    proposed_by: str
    proposed_at: datetime
    refusal: str | None  # why this supervisor cannot decide it (beyond their limit, their own)
    effective_limit: int
    hold: str | None = None  # "duplicate_compensation": the order was compensated before
    previous: tuple = ()  # the earlier payments on the same order the hold cites

    @property
    def form_id(self) -> str:
        return f"approval-{self.decision_id}-{self.claim_id}"


@blp.get("/approvals")
@page(api=APPROVAL.method_and_path)
def inbox():
    return render(done=APPROVAL.done if request.args.get("done") == "approval" else None)


def render(*, failed=None, status: int = 200, done: str | None = None):
    actor = signed_in()
    claims = backend.claims_with_pending_decisions()
    backend.disclose(claims)
    waiting = sorted((_waiting(claim, decision, actor) for claim in claims
                      for decision in claim.decisions if decision.is_pending),
                     key=lambda w: (w.proposed_at, w.claim_id, w.decision_id))
    return render_template("approvals.html", waiting=waiting, failed=failed, done=done,
                           command=APPROVAL), status


def _waiting(claim, decision, actor) -> Waiting:
    error = backend.refusal_of("approval", claim, actor, decision.id)
    limit, _ = backend.effective_limit(actor, claim.customer.tier)
    return Waiting(str(claim.id), claim.version, claim.summary, claim.category,
                   claim.customer.tier, decision.id, decision.remedy, decision.amount_krw,
                   decision.rationale, decision.proposed_by, decision.proposed_at,
                   reason(error.rule, error.message) if error else None, limit,
                   decision.hold, tuple(decision.previous))
