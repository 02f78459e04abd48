"""Follow-ups: happy calls owed, and the month's Surprise & Delight round."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from casemgmt.application.follow_ups import RoundNotFound
from casemgmt.application.months import MONTH, is_running
from casemgmt.domain.access import MAY
from casemgmt.domain.masking import customer_as_seen_by

from .access_log import disclosed
from .auth import current_actor
from .claim_results import fresh_views
from .operation import operation
from .problems import ApiProblem
from .schemas.common import SHORT, TEXT, moment, nullable, page_limit, page_of, required_text
from .services import services

blp = Blueprint("follow_ups", __name__, url_prefix="/api/v1/follow-ups",
                description="Happy calls and the monthly Surprise & Delight round")


class HappyCallQuery(Schema):
    due_before = moment(metadata={"description": "default: now"})
    limit = page_limit()
    cursor = fields.String(validate=validate.Length(min=1, max=SHORT))


class HappyCallOut(Schema):
    claim_id = fields.String(required=True)
    customer_id = fields.String(required=True)
    customer_name = nullable(fields.String)
    customer_phone = nullable(fields.String)
    assignee = nullable(fields.String)
    closed_at = fields.DateTime(required=True)
    call_due_at = fields.DateTime(required=True)


HappyCallPageOut = page_of(HappyCallOut, "HappyCallPageOut")


class CandidateOut(Schema):
    claim_id = fields.String(required=True)
    customer_id = fields.String(required=True)
    score = fields.Integer(required=True)
    reasons = fields.List(fields.String(), required=True)
    selected = fields.Boolean(required=True)
    selection_id = nullable(fields.String)


class SelectionOut(Schema):
    id = fields.String(required=True)
    claim_id = fields.String(required=True)
    customer_id = fields.String(required=True)
    gift = fields.String(required=True)
    letter_by = fields.String(required=True)
    selected_by = fields.String(required=True)
    selected_at = fields.DateTime(required=True)
    sent_at = nullable(fields.DateTime)
    feedback = fields.List(fields.String(), required=True)


class RoundOut(Schema):
    month = fields.String(required=True)
    provisional = fields.Boolean(required=True, metadata={
        "description": "the running month's candidates so far, computed at each read; "
                       "they may change until the month ends, and none can be selected yet"})
    opened_at = fields.DateTime(required=True, metadata={
        "description": "when the round was built; for a provisional round, when computed"})
    candidates = fields.List(fields.Nested(CandidateOut), required=True)
    selections = fields.List(fields.Nested(SelectionOut), required=True)


class SelectionIn(Schema):
    claim_id = required_text(SHORT)
    gift = required_text(SHORT)
    letter_by = required_text(SHORT, metadata={"description": "who writes the handwritten letter"})


class SentIn(Schema):
    sent_at = moment(required=True)


class FeedbackIn(Schema):
    text = required_text(TEXT)


@blp.route("/happy-calls")
@operation(blp, roles=MAY["read_claims"])
@blp.arguments(HappyCallQuery(), location="query")
@blp.response(200, HappyCallPageOut)
def happy_calls(query):
    """Closed claims whose customer is owed a satisfaction call by `due_before`."""
    app = services().casemgmt
    due_before = query.get("due_before") or app.clock.now()
    fresh_views()
    calls = app.owed_happy_calls(due_before, limit=query["limit"] + 1, after=query.get("cursor"))
    more = len(calls) > query["limit"]
    calls = [customer_as_seen_by(current_actor().role, call) for call in calls[:query["limit"]]]
    disclosed((call["claim_id"], call["customer_id"]) for call in calls)
    return {"items": calls, "next_cursor": calls[-1]["claim_id"] if more else None}


def _round(current) -> dict:
    chosen = {s.claim_id: s.id for s in current.selections}
    return {"month": current.month, "provisional": current.provisional,
            "opened_at": current.opened_at,
            "candidates": [dict(claim_id=c.claim_id, customer_id=c.customer_id, score=c.score,
                                reasons=c.reasons, selected=c.claim_id in chosen,
                                selection_id=chosen.get(c.claim_id)) for c in current.ranked()],
            "selections": [vars(s).copy() for s in current.selections]}


def _month(month: str) -> str:
    if not MONTH.match(month):
        raise ApiProblem(404, "months look like 2026-11", slug="bad-month")
    return month


def _get_round(month: str):
    """The stored round that selections are recorded on (409 while the month is running)."""
    app = services().casemgmt
    try:
        return app.get_round(_month(month))
    except RoundNotFound:
        if is_running(month, app.clock.now()):
            raise ApiProblem(409, f"the {month} round is provisional until the month ends; "
                                  "select from its candidates once it is built",
                             slug="round-provisional") from None
        raise _no_round(month) from None


def _no_round(month: str) -> ApiProblem:
    return ApiProblem(404, f"no Surprise & Delight round for {month} yet; "
                           "POST /api/v1/jobs/surprise-delight/runs builds it",
                      slug="round-not-found")


@blp.route("/surprise-delight/<month>")
@operation(blp, roles=MAY["read_claims"], problems=(404,))
@blp.response(200, RoundOut)
def surprise_delight(month):
    """The month's ranked candidates with their reasons, and who was selected; for the running
    month, the candidates so far (provisional)."""
    try:
        return _round(services().casemgmt.current_round(_month(month)))
    except RoundNotFound:
        raise _no_round(month) from None


@blp.route("/surprise-delight/<month>/selections", methods=["POST"])
@operation(blp, roles=MAY["change_claim"], problems=(404, 409), idempotent=True)
@blp.arguments(SelectionIn())
@blp.response(201, RoundOut)
def select(data, month):
    """Select a candidate: the gift, and who writes the letter."""
    _get_round(month)
    current, _ = services().casemgmt.select_candidate(current_actor(), month, **data)
    return _round(current), 201


def _selection_step(step: str, body: type[Schema]):
    """A POST that records one step of a stored round's selection and answers with the round."""
    def register(view):
        for decorate in (blp.response(200, RoundOut), blp.arguments(body()),
                         operation(blp, roles=MAY["change_claim"], problems=(404, 409),
                                   idempotent=True),
                         blp.route(f"/surprise-delight/<month>/selections/<selection_id>/{step}",
                                   methods=["POST"])):
            view = decorate(view)
        return view
    return register


@_selection_step("sent", SentIn)
def sent(data, month, selection_id):
    """Record when the gift and the letter were sent."""
    _get_round(month)
    return _round(services().casemgmt.record_gift_sent(current_actor(), month, selection_id,
                                                       data["sent_at"]))


@_selection_step("feedback", FeedbackIn)
def feedback(data, month, selection_id):
    """Record the customer's reaction."""
    _get_round(month)
    return _round(services().casemgmt.record_gift_feedback(current_actor(), month, selection_id,
                                                           data["text"]))
