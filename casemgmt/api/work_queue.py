"""The work queue page, read from the work_queue view, with an opaque keyset cursor."""
from __future__ import annotations

import json
from typing import Any

from casemgmt.domain.masking import customer_as_seen_by

from . import cursors
from .presenters import View
from .services import services


def next_page(query: dict[str, Any], view: View) -> tuple[list[dict], str | None]:
    after = cursors.decode(query["cursor"]) if query.get("cursor") else None
    rows, last = services().views.queue_page(query, now=view.now, limit=query["limit"],
                                             after=after)
    return [_item(row, view) for row in rows], (cursors.encode(last) if last else None)


def _item(row: Any, view: View) -> dict[str, Any]:
    v = row.values
    unseal = services().casemgmt.sealer.unseal
    claim_id = v["claim_id"]
    seen = customer_as_seen_by(view.actor.role, dict(
        name=unseal(claim_id, v["customer_name"]),
        phone=unseal(claim_id, v["customer_phone"], like=None),
        email=unseal(claim_id, v["customer_email"], like=None)))
    name, phone, email = seen["name"], seen["phone"], seen["email"]
    return dict(
        id=v["claim_id"], version=v["version"], status=v["status"], channel=v["channel"],
        category=v["category"], summary=unseal(claim_id, v["summary"]), priority=v["priority"],
        assignee=v["assignee"], received_at=v["received_at"],
        first_response_at=v["first_response_at"], closed_at=v["closed_at"],
        customer=dict(id=v["customer_id"], name=name, phone=phone, email=email,
                      tier=v["customer_tier"], vulnerable=json.loads(v["customer_vulnerable"])),
        deadlines=dict(first_response=v["first_response_due"], resolution=v["resolution_due"],
                       refund=v["refund_due"]),
        overdue=row.overdue(view.now), flags=json.loads(v["flags"]),
    )
