"""Response body of the staff list."""
from __future__ import annotations

from marshmallow import Schema, fields

from casemgmt.domain.values import Role

from .common import choice, page_of


class StaffItemOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    role = choice(Role, required=True)
    authority_limit = fields.Integer(required=True)
    active = fields.Boolean(required=True, metadata={
        "description": "holds a token that is neither revoked nor expired"})


StaffPageOut = page_of(StaffItemOut, "StaffPageOut")
