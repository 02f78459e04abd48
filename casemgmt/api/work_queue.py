"""The work queue page. Interim: walks claims in filing order via the notification log's
topic filter, a bounded number per request; the projections issue replaces it with a read model."""
from __future__ import annotations

import base64
from typing import Any

from casemgmt.bootstrap import Services
from casemgmt.domain import deadlines as dl
from casemgmt.domain.claim import Claim

from .presenters import View
from .problems import ApiProblem

FILED_TOPIC = f"{Claim.Filed.__module__}:{Claim.Filed.__qualname__}"
SCAN_FACTOR = 10


def next_page(svc: Services, query: dict[str, Any], view: View) -> tuple[list[Claim], str | None]:
    limit = query["limit"]
    start = _decode(query.get("cursor")) if query.get("cursor") else 1
    budget = max(limit * SCAN_FACTOR, 500)
    found: list[Claim] = []
    position = start
    while len(found) < limit and budget > 0:
        batch = svc.casemgmt.recorder.select_notifications(
            start=position, limit=min(budget, 200), topics=[FILED_TOPIC])
        if not batch:
            return found, None
        for notification in batch:
            budget -= 1
            position = notification.id + 1
            claim = svc.casemgmt.get_claim(notification.originator_id)
            if _matches(claim, query, view):
                found.append(claim)
                if len(found) == limit:
                    break
    return found, _encode(position)


def _matches(claim: Claim, q: dict[str, Any], view: View) -> bool:
    if "status" in q and claim.status != q["status"]:
        return False
    for name in ("category", "channel", "assignee"):
        if name in q and getattr(claim, name) != q[name]:
            return False
    if "customer_id" in q and claim.customer.id != q["customer_id"]:
        return False
    if "received_from" in q and claim.received_at < q["received_from"]:
        return False
    if "received_to" in q and claim.received_at >= q["received_to"]:
        return False
    if "overdue" in q:
        late = bool(dl.overdue(claim, view.now, view.policy, view.calendar))
        if late != q["overdue"]:
            return False
    return True


def _encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"n:{position}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = raw.partition(":")
        if kind != "n" or not value.isdigit():
            raise ValueError
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise ApiProblem(400, "cursor is not one this service gave out", slug="bad-cursor") from None
