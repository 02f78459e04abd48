"""Staff management for admins: register a staff member (returns their token once), read one,
issue another token, revoke every token a member holds."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from casemgmt.domain.access import MAY
from casemgmt.domain.values import Role

from .auth import current_actor
from .operation import operation
from .schemas.common import SHORT, choice, required_text, won
from .schemas.staff_out import StaffPageOut
from .services import services
from .staff_list import StaffQuery, staff_page

blp = Blueprint("staff", __name__, url_prefix="/api/v1/staff", description="Staff and their authority")


class StaffIn(Schema):
    name = required_text(SHORT)
    role = choice(Role, required=True)
    authority_limit = won(load_default=0)


class StaffOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    role = choice(Role, required=True)
    authority_limit = fields.Integer(required=True)


class NewStaffOut(StaffOut):
    token = fields.String(required=True, metadata={"description": "shown once; stored as a hash"})


class NewTokenOut(Schema):
    id = fields.String(required=True, metadata={"description": "the staff member's id"})
    token = fields.String(required=True, metadata={"description": "shown once; stored as a hash"})
    expires_at = fields.DateTime(required=True)


class RevocationOut(Schema):
    id = fields.String(required=True, metadata={"description": "the staff member's id"})
    revoked_at = fields.DateTime(required=True, metadata={
        "description": "tokens issued before this are void; later ones work"})


def _staff(member) -> dict:
    return dict(id=str(member.id), name=member.name, role=member.role,
                authority_limit=member.authority_limit)


@blp.route("")
class StaffCollection(MethodView):
    @operation(blp, roles=MAY["manage_staff"], idempotent=True)
    @blp.arguments(StaffIn())
    @blp.response(201, NewStaffOut)
    def post(self, data):
        """Register a staff member; the response carries their API token, once."""
        member, token = services().casemgmt.add_staff(data["name"], data["role"],
                                                      data["authority_limit"], by=current_actor())
        return {**_staff(member), "token": token}, 201

    @operation(blp, roles=MAY["read_staff"])
    @blp.arguments(StaffQuery, location="query")
    @blp.response(200, StaffPageOut)
    def get(self, query):
        """Staff in order of registration, by role and whether they can sign in (active)."""
        return staff_page(query)


@blp.route("/<staff_id>")
class StaffItem(MethodView):
    @operation(blp, roles=MAY["read_staff"], problems=(404,))
    @blp.response(200, StaffOut)
    def get(self, staff_id):
        """One staff member."""
        return _staff(services().casemgmt.get_staff(staff_id))


@blp.route("/<staff_id>/tokens", methods=["POST"])
@operation(blp, roles=MAY["manage_staff"], problems=(404,), idempotent=True)
@blp.response(201, NewTokenOut)
def issue_token(staff_id):
    """Issue another token for a staff member; the response carries it, once."""
    app = services().casemgmt
    member = app.get_staff(staff_id)
    token, expires_at = app.issue_token(str(member.id), by=current_actor())
    return {"id": str(member.id), "token": token, "expires_at": expires_at}, 201


@blp.route("/<staff_id>/revocation", methods=["POST"])
@operation(blp, roles=MAY["manage_staff"], problems=(404,), idempotent=True)
@blp.response(200, RevocationOut)
def revoke_tokens(staff_id):
    """Revoke every token the staff member holds now (a lost laptop, a leave, a departure)."""
    member = services().casemgmt.revoke_tokens_of(staff_id, by=current_actor())
    return {"id": str(member.id), "revoked_at": member.tokens_revoked_at}


__all__ = ["blp", "validate"]
