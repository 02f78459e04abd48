"""How views answer with a claim: body, status and the ETag that carries its version."""
from __future__ import annotations

import logging
from typing import Any

from casemgmt.domain.claim import Claim

from . import presenters
from .access_log import disclosed
from .auth import current_actor
from .services import services

log = logging.getLogger("casemgmt.api")


def current_view() -> presenters.View:
    svc = services()
    return presenters.View(actor=current_actor(), now=svc.casemgmt.clock.now(),
                           policy=svc.deadline_policy, calendar=svc.calendar)


def views_caught_up(timeout: float = 2.0) -> bool:
    """Read-your-writes: the views reflect every event stored so far (within a short bound)."""
    svc = services()
    return svc.projections.wait_for(svc.casemgmt.recorder.max_notification_id() or 0, timeout)


def claim_result(claim: Claim, status: int = 200, *, location: bool = False,
                 written: bool = False) -> tuple[Any, int, dict]:
    if written:
        try:
            views_caught_up()
        except Exception as error:  # the write is stored: answering 500 would invite a retry
            log.error("views did not catch up after a write: %s", type(error).__name__)
    headers = {"ETag": f'"{claim.version}"'}
    if location:
        headers["Location"] = f"/api/v1/claims/{claim.id}"
    body = presenters.claim_detail(claim, current_view())
    disclosed([(str(claim.id), claim.customer.id)])
    return body, status, headers
