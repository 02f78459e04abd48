"""GET /staff: staff filtered by role and whether they can sign in, a page at a time."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from casemgmt.domain.values import Role

from . import cursors
from .schemas.common import choice, page_limit
from .services import services


class StaffQuery(Schema):
    role = choice(Role)
    active = fields.Boolean(metadata={"description": "holds a token neither revoked nor expired"})
    limit = page_limit()
    cursor = fields.String(validate=validate.Length(min=1, max=200))


def staff_page(query: dict[str, Any]) -> dict[str, Any]:
    views = services().views
    views.fresh()
    items, last = views.staff.page(
        role=query.get("role"), active=query.get("active"), after=_after(query.get("cursor")),
        limit=query["limit"])
    return {"items": items, "next_cursor": cursors.encode(last) if last else None}


def _after(cursor: str | None) -> tuple[datetime, str] | None:
    return cursors.decode(cursor) if cursor is not None else None
