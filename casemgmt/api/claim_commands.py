"""Commands on a claim: each POST translates HTTP into one use case and answers with the claim."""
from __future__ import annotations

from typing import Callable

from flask_smorest import Blueprint

from casemgmt.application.errors import StaffNotFound
from casemgmt.domain.access import MAY
from casemgmt.domain.claim import Claim
from casemgmt.domain.errors import InvalidCommand

from .auth import current_actor
from .claim_results import answered, answering
from .claims import ETAG_HEADER
from .operation import expected_version, operation
from .schemas import claims_in as body
from .schemas.claims_out import ClaimOut
from .services import services

blp = Blueprint("claim_commands", __name__, url_prefix="/api/v1/claims",
                description="Commands on a claim; all take If-Match and Idempotency-Key")
COMMAND_PROBLEMS = (404, 409, 412, 500)  # 500: /problems/integrity


def command(path: str, schema, status: int = 200, roles=MAY["change_claim"]):
    """Register a command view: auth, roles, If-Match, Idempotency-Key and docs in one place."""

    def register(view):
        view = blp.response(status, ClaimOut, headers=ETAG_HEADER)(view)
        view = blp.arguments(schema())(view)  # an instance: a class is built per request
        view = operation(blp, roles=roles, problems=COMMAND_PROBLEMS, idempotent=True,
                         if_match=True)(view)
        return blp.route(path, methods=["POST"])(view)

    return register


def run(use_case: Callable[..., Claim], claim_id: str, status: int = 200, **kwargs):
    """Run a use case of the application (by reference) on the claim; answer with the claim."""
    answering(status)
    claim = use_case(current_actor(), claim_id, expected_version=expected_version(), **kwargs)
    return answered(claim, status)


def claims():
    return services().casemgmt


@command("/<claim_id>/assignment", body.AssignmentIn)
def assign(data, claim_id):
    """Assign the claim: a supervisor to anyone, an agent only to themself."""
    try:
        return run(claims().assign, claim_id, assignee_id=data["assignee"])
    except StaffNotFound:
        raise InvalidCommand("assignee.unknown", "no staff member has this id", "assignee") from None


@command("/<claim_id>/responses", body.ResponseIn)
def respond(data, claim_id):
    """Record a response to the customer; the first sets first_response_at."""
    return run(claims().respond, claim_id, message=data["message"], channel=data["channel"])


@command("/<claim_id>/fact-checks", body.FactCheckIn, status=201)
def request_fact_check(data, claim_id):
    """Ask a vendor to confirm facts (due in 2 business days unless due_at is given)."""
    return run(claims().request_fact_check, claim_id, 201, vendor_id=data["vendor"]["id"],
               vendor_kind=data["vendor"]["kind"], question=data["question"], due_at=data["due_at"])


@command("/<claim_id>/fact-checks/<fact_check_id>/answer", body.FactCheckAnswerIn)
def answer_fact_check(data, claim_id, fact_check_id):
    """Record the vendor's answer to an open fact check."""
    return run(claims().answer_fact_check, claim_id, fact_check_id=fact_check_id, **data)


@command("/<claim_id>/fact-checks/<fact_check_id>/cancellation", body.FactCheckCancellationIn)
def cancel_fact_check(data, claim_id, fact_check_id):
    """Cancel an open fact check that is no longer needed."""
    return run(claims().cancel_fact_check, claim_id, fact_check_id=fact_check_id, reason=data["reason"])


@command("/<claim_id>/decisions", body.DecisionIn)
def propose_decision(data, claim_id):
    """Decide a remedy: approved at once within the proposer's authority, else pending approval."""
    return run(claims().propose_decision, claim_id, **data)


@command("/<claim_id>/decisions/<decision_id>/approval", body.ApprovalIn,
         roles=MAY["approve"])  # the domain refuses anyone else too
def review_decision(data, claim_id, decision_id):
    """Approve or reject a pending decision (a supervisor whose limit covers it, not the proposer)."""
    return run(claims().review_decision, claim_id, decision_id=decision_id, **data)


@command("/<claim_id>/escalations", body.EscalationIn)
def escalate(data, claim_id):
    """Open a consumer-agency track (KCA, 1372, mediation committee) and its statutory clocks."""
    return run(claims().escalate, claim_id, **data)


@command("/<claim_id>/escalations/<escalation_id>/stage", body.StageIn)
def advance_escalation(data, claim_id, escalation_id):
    """Move the agency track forward to its next stage."""
    return run(claims().advance_escalation, claim_id, escalation_id=escalation_id, **data)


@command("/<claim_id>/escalations/<escalation_id>/replies", body.AgencyReplyIn)
def reply_to_agency(data, claim_id, escalation_id):
    """Record the company's answer to the agency."""
    return run(claims().reply_to_agency, claim_id, escalation_id=escalation_id, message=data["message"])


@command("/<claim_id>/escalations/<escalation_id>/extension", body.ExtensionIn)
def extend_relief_period(data, claim_id, escalation_id):
    """Record the agency's extension of its relief period (KCA, 1372): the deadline moves."""
    return run(claims().extend_relief_period, claim_id, escalation_id=escalation_id, **data)


@command("/<claim_id>/escalations/<escalation_id>/outcome", body.OutcomeIn)
def conclude_escalation(data, claim_id, escalation_id):
    """Record the agency track's outcome; this closes the track."""
    return run(claims().conclude_escalation, claim_id, escalation_id=escalation_id, **data)


@command("/<claim_id>/closure", body.ClosureIn)
def close(data, claim_id):
    """Close the claim with a resolution; open fact checks are cancelled."""
    return run(claims().close_claim, claim_id, **data)


@command("/<claim_id>/reopening", body.ReopeningIn)
def reopen(data, claim_id):
    """Reopen a closed claim."""
    return run(claims().reopen, claim_id, reason=data["reason"])


@command("/<claim_id>/satisfaction", body.SatisfactionIn)
def record_satisfaction(data, claim_id):
    """Record the customer's satisfaction (0–10) after closure."""
    return run(claims().record_satisfaction, claim_id, **data)


@command("/<claim_id>/notes", body.NoteIn)
def add_note(data, claim_id):
    """Add an internal note."""
    return run(claims().add_note, claim_id, text=data["text"])


@command("/<claim_id>/abuse-reports", body.AbuseReportIn)
def report_abuse(data, claim_id):
    """Report an abusive contact (agent safety care); flags the claim."""
    return run(claims().report_abuse, claim_id, **data)
