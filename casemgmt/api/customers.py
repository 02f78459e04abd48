"""Customers: the look-up a phone agent starts a call with, and the customer 360."""
from __future__ import annotations

import base64

from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from casemgmt.application.customers import (
    LOOKUP_FIELDS, CustomerDirectory, CustomerErased, CustomerNotFound,
)
from casemgmt.domain.masking import mask_email, mask_name, mask_phone
from casemgmt.domain.values import Role

from .access_log import disclosed
from .auth import current_actor
from .claim_results import views_caught_up
from .operation import operation
from .presenters import MASKED_ROLES
from .problems import PROBLEM_JSON, ApiProblem
from .schemas.common import SHORT, ProblemSchema
from .schemas.customers_out import Customer360Out, CustomerPageOut
from .services import services

blp = Blueprint("customers", __name__, url_prefix="/api/v1/customers",
                description="Find a customer by phone, e-mail, order or name; their whole history")
LOOKERS = (Role.AGENT, Role.SUPERVISOR, Role.AUDITOR)


class LookupQuery(Schema):
    phone = fields.String(validate=validate.Length(min=1, max=SHORT),
                          metadata={"description": "any formatting: 010-1234-5678, +82 10 …"})
    email = fields.String(validate=validate.Length(min=1, max=SHORT),
                          metadata={"description": "case-insensitive"})
    order_id = fields.String(validate=validate.Length(min=1, max=SHORT))
    name = fields.String(validate=validate.Length(min=1, max=SHORT),
                         metadata={"description": "exact (Unicode NFC, trimmed)"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    cursor = fields.String(validate=validate.Length(min=1, max=200))

    @validates_schema
    def _exactly_one(self, data, **kwargs):
        given = [name for name in LOOKUP_FIELDS if name in data]
        if len(given) != 1:
            raise ValidationError(f"give exactly one of {', '.join(LOOKUP_FIELDS)}",
                                  given[1] if len(given) > 1 else "phone")


def directory() -> CustomerDirectory:
    app = services().casemgmt
    return CustomerDirectory(services().db, app.sealer, app.blind_index)


@blp.route("")
@operation(blp, roles=LOOKERS)
@blp.arguments(LookupQuery, location="query")
@blp.response(200, CustomerPageOut)
def find_customers(query):
    """Customers with a claim matching the phone, e-mail, order number or name (masked for
    auditors); matched by keyed hashes, never by the clear value."""
    field = next(name for name in LOOKUP_FIELDS if name in query)
    views_caught_up()
    items, last = directory().find(field, query[field], after=_after(query.get("cursor")),
                                   limit=query["limit"])
    disclosed((item["shown_claim_id"], item["customer_id"]) for item in items)
    return {"items": [_as_seen(item) for item in items],
            "next_cursor": _cursor(last) if last else None}


@blp.route("/<customer_id>")
@operation(blp, roles=LOOKERS, problems=(404,))
@blp.alt_response(410, schema=ProblemSchema, content_type=PROBLEM_JSON,
                  description="The customer's personal data was erased")
@blp.response(200, Customer360Out)
def customer_360(customer_id):
    """The customer 360: every claim, every decision with the approved total, abuse reports and
    open agency tracks (masked for auditors)."""
    views_caught_up()
    try:
        customer = directory().customer(customer_id)
    except CustomerNotFound:
        raise ApiProblem(404, "no claim was ever filed for this customer",
                         slug="customer-unknown") from None
    except CustomerErased:
        raise ApiProblem(410, "this customer's personal data was erased on request",
                         slug="customer-erased") from None
    disclosed((claim["id"], customer_id) for claim in customer["claims"])
    return _as_seen(customer)


def _as_seen(customer: dict) -> dict:
    if current_actor().role not in MASKED_ROLES:
        return customer
    return {**customer, "name": mask_name(customer["name"]),
            "phone": mask_phone(customer["phone"]), "email": mask_email(customer["email"])}


def _cursor(customer_id: str) -> str:
    return base64.urlsafe_b64encode(customer_id.encode("utf-8")).decode().rstrip("=")


def _after(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        raise ApiProblem(400, "cursor is not one this service gave out", slug="bad-cursor") from None
