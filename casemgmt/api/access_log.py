"""The PII access log at the HTTP edge (PIPA safety measures §8).

A view that answers with customers' personal data calls `disclosed(...)` once its body is
built; after the view, one hook appends a row per claim shown — who, in which role, when,
which claim and customer, which endpoint — in the same request, before the response leaves.
If the row cannot be written the response fails: no personal data goes out unrecorded.
`GET /audit/access-log` (in audit.py) reads the rows back for admins and auditors.
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Iterable

from flask import Flask, Response, g, request

from casemgmt.infrastructure.access_log import Access
from casemgmt.projections.customer_query import newest_claims
from casemgmt.projections.queue_query import customer_ids

from .services import services

_SHOWN = "pii_shown"


def disclosed(shown: Iterable[tuple[str, str | None]]) -> None:
    """This response shows these (claim id, customer id) pairs' personal data."""
    pending = g.setdefault(_SHOWN, {})
    for claim_id, customer_id in shown:
        pending.setdefault(str(claim_id), customer_id)


def disclosed_claims(claim_ids: Iterable[str]) -> None:
    """As `disclosed`, when the view knows only the claims; their customers are looked up."""
    disclosed(_with_customers(list(claim_ids)).items())


def disclosed_in_replay(body: str) -> None:
    """A replayed claim response shows the claim again, so it is logged again."""
    try:
        data = json.loads(body)
    except ValueError:
        return
    customer = data.get("customer") if isinstance(data, dict) else None
    if isinstance(customer, dict) and "id" in data:
        disclosed([(data["id"], customer.get("id"))])
    elif isinstance(data, dict) and isinstance(data.get("items"), list):  # customers found
        found = [i["customer_id"] for i in data["items"]
                 if isinstance(i, dict) and isinstance(i.get("customer_id"), str)]
        disclosed((claim_id, customer_id) for customer_id, claim_id
                  in newest_claims(services().db, found).items())


def record_disclosures(app: Flask) -> None:
    @app.after_request
    def _append(response: Response) -> Response:
        shown = g.pop(_SHOWN, None)
        if not shown or response.status_code >= 400 or request.url_rule is None:
            return response
        svc, actor = services(), g.actor
        now, request_id = svc.casemgmt.clock.now(), uuid.uuid4().hex
        endpoint = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", request.url_rule.rule)
        svc.access_log.append([
            Access(accessed_at=now, staff_id=actor.id, staff_role=actor.role.value,
                   method=request.method, endpoint=endpoint, claim_id=claim_id,
                   customer_id=customer_id, request_id=request_id)
            for claim_id, customer_id in shown.items()])
        return response


def _with_customers(claim_ids: list[str]) -> dict[str, str | None]:
    svc = services()
    found = customer_ids(svc.db, claim_ids)
    if len(found) < len(set(claim_ids)):
        # a claim filed a moment ago may not be in the view yet
        svc.projections.wait_for(svc.casemgmt.recorder.max_notification_id() or 0, 2.0)
        found = customer_ids(svc.db, claim_ids)
    return {claim_id: found.get(claim_id) or _customer_of(claim_id) for claim_id in claim_ids}


def _customer_of(claim_id: str) -> str | None:
    try:
        return services().casemgmt.get_claim(claim_id).customer.id
    except Exception:  # unreadable (tampered, erased): still log that the claim was shown
        return None
