"""How views answer with a claim: body, status and the ETag that carries its version."""
from __future__ import annotations

from typing import Any

from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.claim import Claim

from . import presenters
from .auth import current_actor
from .services import services

_CALENDAR = BusinessCalendar()


def current_view() -> presenters.View:
    svc = services()
    return presenters.View(actor=current_actor(), now=svc.casemgmt.clock.now(),
                           policy=svc.deadline_policy, calendar=_CALENDAR)


def claim_result(claim: Claim, status: int = 200, *, location: bool = False) -> tuple[Any, int, dict]:
    headers = {"ETag": f'"{claim.version}"'}
    if location:
        headers["Location"] = f"/api/v1/claims/{claim.id}"
    return presenters.claim_detail(claim, current_view()), status, headers
