"""Staff management for admins: register a staff member (returns their token once), read one."""
from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from casemgmt.domain.values import Role

from .auth import current_actor
from .operation import operation
from .schemas.common import SHORT, choice, required_text, won
from .services import services

blp = Blueprint("staff", __name__, url_prefix="/api/v1/staff", description="Staff and their authority")


class StaffIn(Schema):
    name = required_text(SHORT)
    role = choice(Role, required=True)
    authority_limit = won(load_default=0)


class StaffOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)
    authority_limit = fields.Integer(required=True)


class NewStaffOut(StaffOut):
    token = fields.String(required=True, metadata={"description": "shown once; stored as a hash"})


def _staff(member) -> dict:
    return dict(id=str(member.id), name=member.name, role=member.role,
                authority_limit=member.authority_limit)


@blp.route("")
class StaffCollection(MethodView):
    @operation(blp, roles=(Role.ADMIN,), idempotent=True)
    @blp.arguments(StaffIn)
    @blp.response(201, NewStaffOut)
    def post(self, data):
        """Register a staff member; the response carries their API token, once."""
        member, token = services().casemgmt.add_staff(data["name"], data["role"],
                                                      data["authority_limit"], by=current_actor())
        return {**_staff(member), "token": token}, 201


@blp.route("/<staff_id>")
class StaffItem(MethodView):
    @operation(blp, roles=(Role.ADMIN, Role.SUPERVISOR), problems=(404,))
    @blp.response(200, StaffOut)
    def get(self, staff_id):
        """One staff member."""
        return _staff(services().casemgmt.get_staff(staff_id))


__all__ = ["blp", "validate"]
