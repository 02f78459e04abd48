"""Customers: the look-up a phone agent starts a call with, and the customer 360."""
from __future__ import annotations

import base64

from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from werkzeug.routing import BaseConverter

from casemgmt.domain.access import MAY
from casemgmt.domain.masking import customer_as_seen_by
from casemgmt.projections.customer_directory import (
    LOOKUP_FIELDS,
    CustomerErased,
    CustomerNotFound,
)

from .access_log import disclosed
from .auth import current_actor
from .claim_results import fresh_views
from .jsonsafe import flask_json_response
from .operation import operation
from .problems import PROBLEM_JSON, ApiProblem
from .schemas.common import SHORT, ProblemSchema, page_limit
from .schemas.customers_out import Customer360Out, CustomerPageOut
from .schemas.fast_dump import compiled
from .services import services


class CustomerRef(BaseConverter):
    """A customer id in a path: any segment but `search`, which names POST /customers/search
    (so that its Allow header lists POST alone, and GET /customers/search is a 405)."""

    regex = r"(?!search$)[^/]+"

blp = Blueprint("customers", __name__, url_prefix="/api/v1/customers",
                description="Find a customer by phone, e-mail, order or name; their whole history")
LOOKERS = MAY["look_up_customers"]


class Lookup(Schema):
    """Exactly one of phone, e-mail, order number and name."""

    limit = page_limit()
    cursor = fields.String(validate=validate.Length(min=1, max=16))

    @validates_schema
    def _exactly_one(self, data, **kwargs):
        given = [name for name in LOOKUP_FIELDS if name in data]
        if len(given) != 1:
            raise ValidationError(f"give exactly one of {', '.join(LOOKUP_FIELDS)}",
                                  given[1] if len(given) > 1 else "phone")


def _criteria(phone: int, email: int, order_id: int, name: int) -> dict[str, fields.Field]:
    return dict(
        phone=fields.String(validate=validate.Length(min=1, max=phone),
                            metadata={"description": "any formatting: 010-1234-5678, +82 10 …"}),
        email=fields.String(validate=validate.Length(min=1, max=email),
                            metadata={"description": "case-insensitive"}),
        order_id=fields.String(validate=validate.Length(min=1, max=order_id)),
        name=fields.String(validate=validate.Length(min=1, max=name),
                           metadata={"description": "exact (Unicode NFC, trimmed)"}))


# In a URL the criteria must fit a request line (4 KiB with the server's default, each
# character up to 12 bytes once percent-encoded); the body takes what the intake takes.
LookupQuery = Lookup.from_dict(_criteria(40, 96, 64, 64), name="LookupQuery")
LookupBody = Lookup.from_dict(_criteria(40, 320, SHORT, SHORT), name="LookupBody")


# a caller looked up by phone is the agent's first step: the compiled dumps (fast_dump.py)
CUSTOMER_PAGE_OUT = compiled(CustomerPageOut(), times_as_is=True)
CUSTOMER_360_OUT = compiled(Customer360Out(), times_as_is=True)


def directory():
    return services().views.customers


@blp.route("")
@operation(blp, roles=LOOKERS)
@blp.arguments(LookupQuery, location="query")
@blp.response(200, CustomerPageOut)
def find_customers(query):
    """Customers with a claim matching the phone, e-mail, order number or name (masked for
    auditors); matched by keyed hashes, never by the clear value."""
    return flask_json_response(CUSTOMER_PAGE_OUT(found_customers(query)))


@blp.route("/search", methods=["POST"])
@operation(blp, roles=LOOKERS, idempotent=True)
@blp.arguments(LookupBody)
@blp.response(200, CustomerPageOut)
def search_customers(data):
    """As GET /customers, with the criterion in the body: a phone, e-mail or name stays out of
    URLs (proxy logs, browser history), and longer ones fit."""
    return flask_json_response(CUSTOMER_PAGE_OUT(found_customers(data)))


def found_customers(criteria: dict) -> dict:
    """A page of customers matching the one criterion, as the signed-in role may see them;
    written to the PII access log (the workspace's look-up calls this too)."""
    field = next(name for name in LOOKUP_FIELDS if name in criteria)
    fresh_views()
    items, following = directory().find(field, criteria[field],
                                        offset=_offset(criteria.get("cursor")),
                                        limit=criteria["limit"])
    disclosed((item["shown_claim_id"], item["customer_id"]) for item in items)
    return {"items": [_as_seen(item) for item in items],
            "next_cursor": _cursor(following) if following is not None else None}


@blp.route("/<customer_ref:customer_id>")
@operation(blp, roles=LOOKERS, problems=(404,))
@blp.alt_response(410, schema=ProblemSchema, content_type=PROBLEM_JSON,
                  description="The customer's personal data was erased")
@blp.response(200, Customer360Out)
def customer_360(customer_id):
    """The customer 360: every claim, every decision with the approved total, abuse reports and
    open agency tracks (masked for auditors)."""
    try:
        return flask_json_response(CUSTOMER_360_OUT(the_360(customer_id)))
    except CustomerNotFound:
        raise ApiProblem(404, "no claim was ever filed for this customer",
                         slug="customer-unknown") from None
    except CustomerErased:
        raise ApiProblem(410, "this customer's personal data was erased on request",
                         slug="customer-erased") from None


def the_360(customer_id: str) -> dict:
    """The customer 360 as the signed-in role may see it, written to the PII access log (the
    workspace's customer page calls this too). Raises CustomerNotFound, CustomerErased."""
    fresh_views()
    customer = directory().customer(customer_id)
    disclosed((claim["id"], customer_id) for claim in customer["claims"])
    return _as_seen(customer)


def _as_seen(customer: dict) -> dict:
    return customer_as_seen_by(current_actor().role, customer)


def _cursor(offset: int) -> str:
    # An offset, not a key: a phone or e-mail matches a handful of customers, and a key (a
    # customer id of up to 200 characters) would not fit the URL's budget.
    return base64.urlsafe_b64encode(f"o{offset}".encode()).decode().rstrip("=")


def _offset(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        if raw[:1] != "o" or not raw[1:].isdigit():
            raise ValueError
        return int(raw[1:])
    except (ValueError, UnicodeDecodeError):
        raise ApiProblem(400, "cursor is not one this service gave out",
                         slug="bad-cursor") from None
