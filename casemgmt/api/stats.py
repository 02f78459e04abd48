"""VoC statistics and the authority ledger of a staff member."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from casemgmt.domain.access import MAY
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.values import Role

from .auth import current_actor
from .claim_results import fresh_views
from .operation import operation
from .problems import ApiProblem
from .schemas.common import TimeWindowQuery, calendar_month, moment, nullable
from .services import services

blp = Blueprint("stats", __name__, url_prefix="/api/v1", description="VoC statistics and authority")


class VocQuery(TimeWindowQuery):
    from_ = moment(data_key="from", metadata={"description": "default: 30 days ago"})
    to = moment(metadata={"description": "default: now"})


class VocOut(Schema):
    from_ = fields.DateTime(data_key="from", required=True)
    to = fields.DateTime(required=True)
    total = fields.Integer(required=True)
    by_category = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    by_channel = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    response_rate = nullable(fields.Float)
    median_seconds_to_first_response = nullable(fields.Float)
    median_seconds_to_close = nullable(fields.Float)
    first_contact_resolution_rate = nullable(fields.Float, metadata={
        "description": "closed with no reopening, no escalation and a single handler"})
    reopen_rate = nullable(fields.Float)
    mean_satisfaction = nullable(fields.Float)
    satisfaction_count = fields.Integer(required=True)
    escalation_rate = nullable(fields.Float)


class AuthorityQuery(Schema):
    month = calendar_month(metadata={"description": "YYYY-MM"})


class AuthorityOut(Schema):
    staff_id = fields.String(required=True)
    month = fields.String(required=True)
    authority_limit = fields.Integer(required=True)
    granted_krw = fields.Integer(required=True)
    granted_count = fields.Integer(required=True)


@blp.route("/stats/voc")
@operation(blp, roles=MAY["read_stats"])
@blp.arguments(VocQuery(), location="query")
@blp.response(200, VocOut)
def voc(query):
    """VoC KPIs over the claims received from `from` (inclusive) to `to` (exclusive)."""
    now = services().casemgmt.clock.now()
    end = query.get("to", now)
    start = query.get("from_", end - timedelta(days=30))
    if start >= end:
        raise ApiProblem(422, "from must be earlier than to", slug="validation",
                         errors={"from": ["from must be earlier than to"]})
    fresh_views()
    stats = services().views.voc(start, end)
    stats["from_"] = stats.pop("from")
    return stats


@blp.route("/staff/<staff_id>/authority")
@operation(blp, roles=MAY["read_authority"], problems=(404,))
@blp.arguments(AuthorityQuery(), location="query")
@blp.response(200, AuthorityOut)
def authority(query, staff_id):
    """A staff member's authority limit and what they granted under it in a month."""
    actor = current_actor()
    if actor.role == Role.AGENT and actor.id != staff_id:
        raise ApiProblem(403, "an agent may read only their own authority ledger",
                         slug="not-your-ledger")
    member = services().casemgmt.get_staff(staff_id)
    month = query.get("month") or services().casemgmt.clock.now().astimezone(SEOUL).strftime("%Y-%m")
    fresh_views()
    total, count = services().views.granted_in_month(str(member.id), month)
    return {"staff_id": str(member.id), "month": month, "authority_limit": member.authority_limit,
            "granted_krw": total, "granted_count": count}


__all__ = ["blp", "datetime"]
