"""How views answer with a claim: body, status and the ETag that carries its version.

A command's answer is rendered from the claim just saved, while its events are stored (so
the Idempotency-Key record and the access-log rows commit with them: unit_of_work.py); it
never waits for the views. A read of a view waits, at most briefly, for the views to apply
what was stored when it began, or the later position the client names (`fresh_views`).
"""
from __future__ import annotations

from typing import Callable

from flask import Response, request

from casemgmt.application.ports import current_write
from casemgmt.domain.claim import Claim

from . import presenters
from .access_log import disclosed
from .auth import current_actor
from .jsonsafe import flask_json_response
from .problems import ApiProblem
from .schemas.claims_out import ClaimOut
from .schemas.fast_dump import compiled
from .services import services

MIN_POSITION_HEADER = "Casemgmt-Min-Position"
# ClaimOut's dump compiled once (schemas/fast_dump.py): the same body, a fraction of the time;
# its date-times are written by the encoder (jsonsafe.flask_json).
CLAIM_OUT = compiled(ClaimOut(), times_as_is=True)


def current_view() -> presenters.View:
    svc = services()
    return presenters.View(actor=current_actor(), now=svc.casemgmt.clock.now(),
                           policy=svc.deadline_policy, calendar=svc.calendar)


def fresh_views() -> bool:
    """Read-your-writes for a read of a view: wait until the views have applied what was
    stored when the read began, and the position the client sends in Casemgmt-Min-Position
    (a write's answer carries its position in Casemgmt-Position)."""
    raw = request.headers.get(MIN_POSITION_HEADER, "0").strip()
    if not raw.isdigit() or len(raw) > 18:
        raise ApiProblem(400, f"{MIN_POSITION_HEADER} must be a position such as 42",
                         slug="bad-position")
    return services().views.fresh(int(raw))


def render_claim(claim: Claim, status: int = 200, *, location: bool = False) -> Response:
    headers = {"ETag": f'"{claim.version}"'}
    if location:
        headers["Location"] = f"/api/v1/claims/{claim.id}"
    body = CLAIM_OUT(presenters.claim_detail(claim, current_view()))
    disclosed([(str(claim.id), claim.customer.id)])
    response = flask_json_response(body)
    response.status_code = status
    response.headers.update(headers)
    return response


def answering(status: int = 200, *, location: bool = False) -> None:
    """The answer to this write is the claim it saves: render it as the events are stored."""
    write = current_write.get()
    if write is not None:
        write.render = _renderer(status, location)


def answered(claim: Claim, status: int = 200, *, location: bool = False) -> Response:
    """The answer rendered while the claim was saved, or rendered now (a read)."""
    write = current_write.get()
    response = getattr(write, "response", None)
    if response is not None and response.headers.get("ETag") == f'"{claim.version}"':
        return response
    return render_claim(claim, status, location=location)


def _renderer(status: int, location: bool) -> Callable[[Claim], Response]:
    return lambda claim: render_claim(claim, status, location=location)
