"""Refused attempts on personal data, in the PII access log (안전성 확보조치 기준 §8 접속기록).

A staff member (a valid token) refused a claim or a customer — 403 (not their role or not
their claim), 404 (no such claim or part), 410 (erased) — on any API route whose path names
the claim (`/claims/{claim_id}…`: the claim, its history, every command, attachments, vendor
links) or the customer (`/customers/{customer_id}…`) gets a row with outcome `refused`: who,
in which role, from which address, when, which endpoint, which claim or customer. Requests
without a valid token are not rows here (nobody to name); they are throttled per address
(throttle.py).
"""
from __future__ import annotations

import logging
import uuid

from eventsourcing.persistence import PersistenceError
from flask import Flask, Response, g, request

from casemgmt.application.ports import Access

from .access_log import _template
from .services import services

log = logging.getLogger("casemgmt.api")
REFUSED = "refused"
REFUSALS = frozenset({403, 404, 410})
ANY_CLAIM = "*"  # a refusal about a customer as a whole, not one of their claims


def record_refusals(app: Flask) -> None:
    @app.after_request
    def _refused(response: Response) -> Response:
        if response.status_code in REFUSALS and _about_personal_data():
            _append()
        return response


def _about_personal_data() -> bool:
    args = request.view_args or {}
    staff_route = (request.path.startswith("/api/v1/")
                   and not request.path.startswith("/api/v1/vendor/"))
    return (g.get("actor") is not None and request.url_rule is not None and staff_route
            and ("claim_id" in args or "customer_id" in args))


def _append() -> None:
    args = request.view_args or {}
    claim_id = str(args.get("claim_id") or ANY_CLAIM)
    try:
        customer_id = args.get("customer_id") or _customer_of(claim_id)
        services().access_log.append([Access(
            accessed_at=services().casemgmt.clock.now(), staff_id=g.actor.id,
            staff_role=g.actor.role.value, method=request.method,
            endpoint=_template(request.url_rule.rule), claim_id=claim_id,
            customer_id=customer_id, request_id=uuid.uuid4().hex,
            client_ip=request.remote_addr, outcome=REFUSED)])
    except PersistenceError as error:  # the refusal stands; that it went unrecorded is logged
        log.warning("a refused access could not be logged: %s", type(error).__name__)


def _customer_of(claim_id: str) -> str | None:
    if claim_id == ANY_CLAIM:
        return None
    return services().casemgmt.customers_of([claim_id]).get(claim_id)
