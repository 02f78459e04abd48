"""The PII access log at the HTTP edge (PIPA safety measures §8).

A view that answers with customers' personal data calls `disclosed(...)` once its body is
built. In a write, the rows go into the write's own transaction (unit_of_work.py); in a
read, one hook appends a row per claim shown — who, in which role, from which address,
when, which claim and customer, which endpoint — before the response leaves. If the row
cannot be written the response fails: no personal data goes out unrecorded.
`GET /audit/access-log` (in audit.py) reads the rows back for admins and auditors.
"""
from __future__ import annotations

import json
import re
import uuid
from typing import Callable, Iterable

from flask import Flask, Response, g, request

from casemgmt.application.ports import Access, current_write
from casemgmt.domain.values import Actor

from .services import services

_SHOWN = "pii_shown"


def disclosed(shown: Iterable[tuple[str, str | None]]) -> None:
    """This response shows these (claim id, customer id) pairs' personal data."""
    write = current_write.get()
    if write is not None and hasattr(write, "disclose"):
        for claim_id, customer_id in shown:
            write.disclose(claim_id, customer_id)
        return
    pending = g.setdefault(_SHOWN, {})
    for claim_id, customer_id in shown:
        pending.setdefault(str(claim_id), customer_id)


def disclosed_claims(claim_ids: Iterable[str]) -> None:
    """As `disclosed`, when the view knows only the claims; their customers are looked up."""
    disclosed(services().casemgmt.customers_of(list(claim_ids)).items())


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
                  in services().views.customers.newest_claims(found).items())


def record_disclosures(app: Flask) -> None:
    @app.after_request
    def _append(response: Response) -> Response:
        shown = g.pop(_SHOWN, None)
        if not shown or response.status_code >= 400 or request.url_rule is None:
            return response
        services().access_log.append(accesses(g.actor, shown))
        return response


def accesses(actor: Actor, shown: dict[str, str | None]) -> list[Access]:
    return accesses_of(actor)(shown)


def accesses_of(actor: Actor, *, endpoint: str | None = None
                ) -> Callable[[dict[str, str | None]], list[Access]]:
    """Rows for what one request shows (usable after the request context, for a stream):
    who, in which role, from where, which endpoint, one request id for all of them."""
    clock, request_id = services().casemgmt.clock, uuid.uuid4().hex
    rule = request.url_rule.rule if request.url_rule is not None else request.path
    endpoint, method, client_ip = endpoint or _template(rule), request.method, request.remote_addr

    def rows(shown: dict[str, str | None]) -> list[Access]:
        now = clock.now()
        return [Access(accessed_at=now, staff_id=actor.id, staff_role=actor.role.value,
                       method=method, endpoint=endpoint, claim_id=claim_id,
                       customer_id=customer_id, request_id=request_id, client_ip=client_ip)
                for claim_id, customer_id in shown.items()]

    return rows


def _template(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)
