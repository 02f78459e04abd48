"""The work queue, one claim (as of a version or a time, and its history), the claim commands
and intake, and the claims awaiting a supervisor's approval."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable

from marshmallow import Schema

from casemgmt.api import presenters
from casemgmt.api.access_log import disclosed, disclosed_claims
from casemgmt.api.claim_results import current_view, fresh_views
from casemgmt.api.claims import QueueQuery
from casemgmt.api.follow_ups import SelectionIn
from casemgmt.api.problems import ApiProblem
from casemgmt.api.schemas import claims_in
from casemgmt.api.schemas.simulations import MAX_PERIOD_DAYS, SimulationIn
from casemgmt.api.services import services
from casemgmt.api.work_queue import next_page
from casemgmt.domain.claim import Claim
from casemgmt.domain.errors import InvalidCommand
from casemgmt.domain.values import Actor, Customer, Order

from .wiring import now

# -- the work queue ---------------------------------------------------------------------------

def queue_page(filters: dict[str, Any]) -> tuple[list[dict], str | None]:
    """A page of the work queue as GET /claims answers it (masked for auditors), logged."""
    fresh_views()
    try:
        items, cursor = next_page(filters, current_view())
    except ApiProblem:  # a cursor this service never gave out
        raise InvalidCommand("cursor.unknown", "not a cursor of this queue", "cursor") from None
    disclosed((item["id"], item["customer"]["id"]) for item in items)
    return items, cursor


def queue_count(filters: dict[str, Any]) -> int:
    return services().views.queue_count(filters, now=now())


# -- one claim --------------------------------------------------------------------------------

def view() -> presenters.View:
    return current_view()


def claim(claim_id: str) -> Claim:
    return services().casemgmt.get_claim(claim_id)


def claim_at(claim_id: str, *, version: int | None = None,
             as_of: datetime | None = None) -> Claim:
    app = services().casemgmt
    if version is not None:
        return app.claim_at_version(claim_id, version)
    if as_of is not None:
        return app.claim_as_of(claim_id, as_of)
    return app.get_claim(claim_id)


def claim_detail(shown: Claim) -> dict[str, Any]:
    """The claim as GET /claims/{id} presents it to this user; the disclosure is logged."""
    body = presenters.claim_detail(shown, current_view())
    disclosed([(str(shown.id), shown.customer.id)])
    return body


def effective_limit(actor: Actor, tier: str) -> tuple[int, float]:
    """The actor's authority on a customer of this tier, and the tier's multiplier."""
    policy = services().casemgmt.policy
    return (policy.effective_limit(actor.authority_limit, tier),
            policy.tier_multipliers.get(tier, 1.0))


@dataclass(frozen=True)
class HistoryEvent:
    version: int
    type: str
    occurred_at: datetime | None
    actor: str | None
    data: dict[str, Any] | None
    hash: str | None
    prev_hash: str | None


@dataclass(frozen=True)
class History:
    claim_id: str
    events: list[HistoryEvent]
    verified: bool


def history(claim_id: str) -> History:
    """The claim's stored events, decoded (masked for auditors), with the hash chain and
    whether it still verifies — as GET /claims/{id}/history computes it."""
    found = services().casemgmt.claim_history(current_view().actor, claim_id)
    events = [HistoryEvent(e["version"], e["type"], e["occurred_at"], e["actor"], e["data"],
                           e["hash"], e["prev_hash"]) for e in found["events"]]
    disclosed_claims([claim_id])
    return History(claim_id, events, found["verified"])


# -- commands ---------------------------------------------------------------------------------

def _flat(**fixed: Any) -> Callable[[dict], dict]:
    return lambda data: {**data, **fixed}


# use case name, and how the API body becomes its keyword arguments (as api/claim_commands.py)
USE_CASES: dict[str, tuple[str, Callable[[dict], dict]]] = {
    "assignment": ("assign", lambda d: {"assignee_id": d["assignee"]}),
    "responses": ("respond", _flat()),
    "fact-checks": ("request_fact_check", lambda d: {
        "vendor_id": d["vendor"]["id"], "vendor_kind": d["vendor"]["kind"],
        "question": d["question"], "due_at": d["due_at"]}),
    "fact-check-answer": ("answer_fact_check", _flat()),
    "fact-check-cancellation": ("cancel_fact_check", _flat()),
    "decisions": ("propose_decision", _flat()),
    "approval": ("review_decision", _flat()),
    "escalations": ("escalate", _flat()),
    "escalation-stage": ("advance_escalation", _flat()),
    "escalation-replies": ("reply_to_agency", _flat()),
    "escalation-extension": ("extend_relief_period", _flat()),
    "escalation-outcome": ("conclude_escalation", _flat()),
    "closure": ("close_claim", _flat()),
    "reopening": ("reopen", _flat()),
    "satisfaction": ("record_satisfaction", _flat()),
    "notes": ("add_note", _flat()),
    "abuse-reports": ("report_abuse", _flat()),
}
SCHEMAS: dict[str, type[Schema]] = {
    "assignment": claims_in.AssignmentIn, "responses": claims_in.ResponseIn,
    "fact-checks": claims_in.FactCheckIn, "fact-check-answer": claims_in.FactCheckAnswerIn,
    "fact-check-cancellation": claims_in.FactCheckCancellationIn,
    "decisions": claims_in.DecisionIn, "approval": claims_in.ApprovalIn,
    "escalations": claims_in.EscalationIn, "escalation-stage": claims_in.StageIn,
    "escalation-replies": claims_in.AgencyReplyIn, "escalation-outcome": claims_in.OutcomeIn,
    "escalation-extension": claims_in.ExtensionIn,
    "closure": claims_in.ClosureIn, "reopening": claims_in.ReopeningIn,
    "satisfaction": claims_in.SatisfactionIn, "notes": claims_in.NoteIn,
    "abuse-reports": claims_in.AbuseReportIn, "intake": claims_in.IntakeIn,
    "queue": QueueQuery, "selection": SelectionIn, "simulation": SimulationIn,
}
SIMULATION_MAX_DAYS = MAX_PERIOD_DAYS  # POST /simulations' longest period


def run_command(command: str, actor: Actor, claim_id: str, expected_version: int | None,
                data: dict[str, Any], part_ids: dict[str, str]) -> Claim:
    """One claim command through the application's use case, If-Match semantics included."""
    use_case, arguments = USE_CASES[command]
    result = getattr(services().casemgmt, use_case)(
        actor, claim_id, expected_version=expected_version, **part_ids, **arguments(data))
    return result[0] if isinstance(result, tuple) else result


def file_claim(actor: Actor, data: dict[str, Any]) -> Claim:
    order = Order(**data["order"]) if data["order"] else None
    filed = services().casemgmt.file_claim(
        actor, channel=data["channel"], category=data["category"],
        customer=Customer(**data["customer"]), order=order, summary=data["summary"],
        description=data["description"], received_at=data["received_at"])
    return filed


# -- supervisors' approvals -------------------------------------------------------------------

def claims_with_pending_decisions() -> list[Claim]:
    """Claims that may hold a decision awaiting approval. The status names only the first state
    that applies, so an escalated claim may hide one: both statuses are read."""
    fresh_views()
    svc = services()
    found = []
    for status in ("awaiting_approval", "escalated"):
        after = None
        while True:
            rows, after = svc.views.queue_page({"status": status}, now=now(), limit=500,
                                               after=after)
            found.extend(svc.casemgmt.get_claim(row.values["claim_id"]) for row in rows)
            if after is None:
                break
    return [c for c in found if any(d.is_pending for d in c.decisions)]


def disclose(shown: Iterable[Claim]) -> None:
    disclosed((str(c.id), c.customer.id) for c in shown)
