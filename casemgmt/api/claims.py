"""Claims as a resource: intake, the work queue, and one claim now or as it stood."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from casemgmt.domain.access import MAY
from casemgmt.domain.values import Category, Channel, Customer, Order, Status

from .access_log import disclosed
from .auth import current_actor
from .claim_results import answered, answering, current_view, fresh_views
from .jsonsafe import flask_json_response
from .operation import operation
from .schemas.claims_in import IntakeIn
from .schemas.claims_out import ClaimOut, ClaimPageOut
from .schemas.common import SHORT, choice, moment, page_limit
from .schemas.fast_dump import compiled
from .services import services
from .work_queue import next_page

blp = Blueprint("claims", __name__, url_prefix="/api/v1/claims",
                description="Complaint claims: intake, the work queue and reads")

PAGE_OUT = compiled(ClaimPageOut(), times_as_is=True)
ETAG_HEADER = {"ETag": {"description": 'The claim version, as "<version>"',
                        "schema": {"type": "string"}}}


class QueueQuery(Schema):
    status = choice(Status)
    category = choice(Category)
    channel = choice(Channel)
    assignee = fields.String(validate=validate.Length(min=1, max=SHORT))
    customer_id = fields.String(validate=validate.Length(min=1, max=SHORT))
    overdue = fields.Boolean()
    received_from = moment()
    received_to = moment()
    limit = page_limit()
    cursor = fields.String(validate=validate.Length(min=1, max=200))


class AsOfQuery(Schema):
    version = fields.Integer(validate=validate.Range(min=1, max=10**9))
    as_of = moment()

    @validates_schema
    def _one_moment(self, data, **kwargs):
        if "version" in data and "as_of" in data:
            raise ValidationError("give version or as_of, not both", "as_of")


@blp.route("")
class ClaimCollection(MethodView):
    @operation(blp, roles=MAY["change_claim"], idempotent=True)
    @blp.arguments(IntakeIn())
    @blp.response(201, ClaimOut, headers={**ETAG_HEADER, "Location": {
        "description": "The new claim", "schema": {"type": "string"}}})
    def post(self, data):
        """File a claim (intake)."""
        order = Order(**data["order"]) if data["order"] else None
        answering(201, location=True)
        claim = services().casemgmt.file_claim(
            current_actor(), channel=data["channel"], category=data["category"],
            customer=Customer(**data["customer"]), order=order, summary=data["summary"],
            description=data["description"], received_at=data["received_at"])
        return answered(claim, 201, location=True)

    @operation(blp, roles=MAY["read_claims"])
    @blp.arguments(QueueQuery(), location="query")
    @blp.response(200, ClaimPageOut)
    def get(self, query):
        """The work queue: claims filtered, oldest first, a page at a time."""
        fresh_views()
        items, cursor = next_page(query, current_view())
        disclosed((item["id"], item["customer"]["id"]) for item in items)
        # ClaimPageOut's dump compiled (schemas/fast_dump.py): marshmallow's own dump was 40 %
        # of a page of 50, the read every agent's queue repeats
        return flask_json_response(PAGE_OUT({"items": items, "next_cursor": cursor}))


@blp.route("/<claim_id>")
class ClaimItem(MethodView):
    @operation(blp, roles=MAY["read_claims"], problems=(404, 500))  # 500: /problems/integrity
    @blp.arguments(AsOfQuery(), location="query")
    @blp.response(200, ClaimOut, headers=ETAG_HEADER)
    def get(self, query, claim_id):
        """One claim now, or as it stood at ?version= or ?as_of=."""
        app = services().casemgmt
        if "version" in query:
            claim = app.claim_at_version(claim_id, query["version"])
        elif "as_of" in query:
            claim = app.claim_as_of(claim_id, query["as_of"])
        else:
            claim = app.get_claim(claim_id)
        return answered(claim)
