"""Customers (look-up, the 360, refused accesses), the claims export, and the PII access log
of a page shown again with a refusal."""
from __future__ import annotations

from typing import Any

from flask import g, request

from casemgmt.api import claims_export, refusals
from casemgmt.api import customers as customers_api
from casemgmt.api.access_log import _SHOWN, accesses
from casemgmt.api.problems import ApiProblem, _domain_status
from casemgmt.api.services import services
from casemgmt.domain.errors import DomainError, InvalidCommand
from casemgmt.domain.values import Actor

CustomerNotFound, CustomerErased = customers_api.CustomerNotFound, customers_api.CustomerErased
LOOKUP_FIELDS = customers_api.LOOKUP_FIELDS


def find_customers(criteria: dict[str, Any]) -> dict[str, Any]:
    """POST /customers/search's answer for this user (masked for auditors), logged: the body
    (one criterion, limit, cursor) is validated by the API's own schema first. Raises
    marshmallow's ValidationError, and InvalidCommand for a cursor not given out here."""
    loaded = customers_api.LookupBody().load(criteria)
    try:
        return customers_api.found_customers(loaded)
    except ApiProblem:
        raise InvalidCommand("cursor.unknown", "not a cursor of this look-up", "cursor") from None


def customer_360(customer_id: str) -> dict[str, Any]:
    """GET /customers/{id}'s answer for this user, logged. Raises CustomerNotFound,
    CustomerErased."""
    return customers_api.the_360(customer_id)


def log_refused_customer_access() -> None:
    """A 403, 404 or 410 on a customer's page is a refused access to personal data, logged as
    the API logs one on GET /customers/{id} (outcome "refused", the page's route template)."""
    refusals._append()


def export_claims(query: dict[str, str], actor: Actor):
    """GET /claims/export.csv streamed under the session, each page logged as this page.
    Raises marshmallow's ValidationError for a bad period."""
    return claims_export.export_response(claims_export.ExportQuery().load(query), actor)


# -- the PII access log on refused commands ---------------------------------------------------

def log_disclosures_of_refusal(status: int) -> None:
    """The API's hook logs disclosures of successful responses only; a page shown again with
    a refusal (403, 409, 412, 422) still shows the claim, so it is logged here, as the hook
    would (same row shape, same endpoint template)."""
    shown = g.pop(_SHOWN, None)
    if not shown or status < 400 or request.url_rule is None:
        return
    services().access_log.append(accesses(g.actor, shown))


def status_of(error: DomainError) -> int:
    """The HTTP status the API answers this refusal with (403, 404, 409 or 422)."""
    return _domain_status(error)
