"""GET /staff: staff filtered by role and whether they can sign in, a page at a time."""
from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from casemgmt.domain.values import Role

from .problems import ApiProblem
from .schemas.common import choice
from .services import services


class StaffQuery(Schema):
    role = choice(Role)
    active = fields.Boolean(metadata={"description": "holds a token neither revoked nor expired"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))
    cursor = fields.String(validate=validate.Length(min=1, max=200))


def staff_page(query: dict[str, Any]) -> dict[str, Any]:
    views = services().views
    views.fresh()
    items, last = views.staff.page(
        role=query.get("role"), active=query.get("active"), after=_after(query.get("cursor")),
        limit=query["limit"])
    return {"items": items, "next_cursor": _cursor(last) if last else None}


def _cursor(last: tuple[datetime, str]) -> str:
    raw = json.dumps([last[0].isoformat(), last[1]])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _after(cursor: str | None) -> tuple[datetime, str] | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        registered, staff_id = json.loads(raw)
        moment = datetime.fromisoformat(registered)
        if moment.tzinfo is None or not isinstance(staff_id, str):
            raise ValueError
        return moment, staff_id
    except (ValueError, TypeError, UnicodeDecodeError):
        raise ApiProblem(400, "cursor is not one this service gave out",
                         slug="bad-cursor") from None
