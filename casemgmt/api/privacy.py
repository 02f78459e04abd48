"""Erasure requests (PIPA §36): destroy every personal field of a customer, keep the facts."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from casemgmt.domain.access import MAY

from .auth import current_actor
from .operation import operation
from .schemas.common import TEXT, required_text
from .services import services

blp = Blueprint("privacy", __name__, url_prefix="/api/v1/customers",
                description="Erasure of a customer's personal data")


class ErasureIn(Schema):
    reason = required_text(TEXT, metadata={"description": "e.g. the customer's request, dated"})


class ErasureOut(Schema):
    customer_id = fields.String(required=True)
    claims_erased = fields.Integer(required=True)
    erased_at = fields.DateTime(required=True)


@blp.route("/<customer_id>/erasure", methods=["POST"])
@operation(blp, roles=MAY["erase"], idempotent=True)
@blp.arguments(ErasureIn())
@blp.response(200, ErasureOut)
def erasure(data, customer_id):
    """Destroy the customer's keys: names, phones, e-mails and texts become unreadable everywhere."""
    return services().casemgmt.erase_customer(customer_id, data["reason"], current_actor())
