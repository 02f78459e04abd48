"""Audit: a claim's hash-chained history, the feed of every claim event in commit order, and
the PII access log (who was shown which customer's personal data)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from casemgmt.application.ports import AccessQuery
from casemgmt.domain.access import MAY

from .access_log import disclosed_claims
from .auth import current_actor
from .jsonsafe import flask_json_response, json_response
from .operation import operation
from .problems import ApiProblem
from .schemas.common import SHORT, TimeWindowQuery, moment, nullable, page_limit, page_of
from .schemas.fast_dump import compiled
from .services import services

blp = Blueprint("audit", __name__, url_prefix="/api/v1",
                description="Audit trail, event feed and the PII access log")


class HistoryEventOut(Schema):
    version = fields.Integer(required=True)
    position = nullable(fields.Integer)
    type = fields.String(required=True)
    occurred_at = nullable(fields.DateTime)
    actor = nullable(fields.String)
    data = nullable(fields.Dict)
    hash = nullable(fields.String)
    prev_hash = nullable(fields.String)


class HistoryOut(Schema):
    claim_id = fields.String(required=True)
    events = fields.List(fields.Nested(HistoryEventOut), required=True)
    verified = fields.Boolean(required=True, metadata={
        "description": "the hash chain recomputed from the event store matches the recorded one"
                       " and reaches the head the last audit anchor vouched for"})
    anchored = nullable(fields.Boolean, metadata={
        "description": "the stored chain reaches the head the last audit anchor vouched for;"
                       " null when no anchor has seen this claim yet"})


HISTORY_OUT = compiled(HistoryOut(), times_as_is=True)


class FeedQuery(Schema):
    # a notification position; the feed reads from after + 1, a 64-bit integer in both stores
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**63 - 2))
    limit = page_limit()


class FeedEventOut(HistoryEventOut):
    claim_id = fields.String(required=True)
    hash = fields.String(allow_none=True)
    prev_hash = fields.String(allow_none=True)


FeedOut = page_of(FeedEventOut, "FeedOut", resume="after")


@blp.route("/claims/<claim_id>/history")
@operation(blp, roles=MAY["read_audit"], problems=(404,))  # a damaged event shows as such
@blp.response(200, HistoryOut)
def history(claim_id):
    """Every event of the claim with its hash chain, and whether the chain still verifies."""
    found = services().casemgmt.claim_history(current_actor(), claim_id)
    disclosed_claims([claim_id])
    # the events' data goes out as stored: flask_json writes their times and ids as jsonsafe
    # would have made them (tests/api/test_fast_dump.py)
    return flask_json_response(HISTORY_OUT(found))  # a claim may have thousands of events


@blp.route("/audit/events")
@operation(blp, roles=MAY["read_audit"])
@blp.arguments(FeedQuery(), location="query")
@blp.response(200, FeedOut)
def feed(query):
    """Every claim event in commit order; resume with ?after=<last position> to miss nothing."""
    items = services().casemgmt.audit_feed(current_actor(), query["after"], query["limit"])
    full = len(items) == query["limit"]
    disclosed_claims(item["claim_id"] for item in items)
    # The page is FeedOut's shape built directly: a schema dump per event cost a third of a
    # page, and every field here is already a JSON value once times are text.
    return json_response({"items": items,
                          "next_cursor": str(items[-1]["position"]) if full else None})


class AccessLogQuery(TimeWindowQuery):
    customer_id = fields.String(validate=validate.Length(min=1, max=SHORT))
    staff_id = fields.String(validate=validate.Length(min=1, max=SHORT))
    from_ = moment(data_key="from", metadata={"description": "inclusive"})
    to = moment(metadata={"description": "exclusive"})
    limit = page_limit()
    cursor = fields.String(validate=validate.Length(min=1, max=20))


class AccessOut(Schema):
    id = fields.Integer(required=True)
    accessed_at = fields.DateTime(required=True)
    staff_id = fields.String(required=True)
    staff_role = fields.String(required=True)
    method = fields.String(required=True)
    endpoint = fields.String(required=True, metadata={"description": "the route template"})
    claim_id = fields.String(required=True)
    customer_id = nullable(fields.String)
    request_id = fields.String(required=True, metadata={
        "description": "shared by the rows of one response"})
    client_ip = nullable(fields.String, metadata={
        "description": "the client's address (behind CASEMGMT_TRUSTED_PROXIES, the forwarded"
                       " one); null in rows written before it was recorded"})
    outcome = fields.String(required=True, validate=validate.OneOf(["shown", "refused"]),
                            metadata={"description": "shown: the response showed the data;"
                                      " refused: a 403, 404 or 410 on a claim or customer"})


AccessPageOut = page_of(AccessOut, "AccessPageOut")
ACCESS_PAGE_OUT = compiled(AccessPageOut(), times_as_is=True)


@blp.route("/audit/access-log")
@operation(blp, roles=MAY["read_access_log"])
@blp.arguments(AccessLogQuery(), location="query")
@blp.response(200, AccessPageOut)
def access_log(query):
    """Who was shown which customer's personal data, oldest first, a page at a time."""
    cursor = query.get("cursor", "0")
    if not (cursor.isascii() and cursor.isdigit()):
        raise ApiProblem(400, "cursor is not one this service gave out", slug="bad-cursor")
    wanted = AccessQuery(customer_id=query.get("customer_id"), staff_id=query.get("staff_id"),
                         start=query.get("from_"), end=query.get("to"), after_id=int(cursor))
    rows = services().access_log.page(wanted, query["limit"] + 1)
    more = len(rows) > query["limit"]
    rows = rows[:query["limit"]]
    # up to 500 rows a page: the compiled dump, as the work queue's (schemas/fast_dump.py)
    return flask_json_response(ACCESS_PAGE_OUT(
        {"items": rows, "next_cursor": str(rows[-1]["id"]) if more else None}))
