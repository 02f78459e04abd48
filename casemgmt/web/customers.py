"""Customers in the workspace: the look-up box on every page (phone, e-mail, order number or
name, POSTed so the criterion never lands in a URL, a proxy log or the browser's history), the
list of customers it finds, and the customer 360 — all through the API's own use cases
(POST /customers/search, GET /customers/{id}): the same matching, masking and access log."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template, request
from marshmallow import ValidationError

from . import backend
from .access import page, signed_in
from .forms import flatten, korean

blp = Blueprint("customers", __name__)
SEARCH = ("POST", "/api/v1/customers/search")
READ = ("GET", "/api/v1/customers/{customer_id}")
CLAIM = ("GET", "/api/v1/claims/{claim_id}")
PAGE_SIZE = 50


@blp.get("/customers")
@page(api=SEARCH)
def search():
    """The look-up on a page of its own (the box in the header posts here too)."""
    return render_template("customers.html", searched=False, items=[], errors={},
                           chosen={"by": "phone", "q": ""}, next_cursor=None)


@blp.post("/customers/search")
@page(api=SEARCH)
def found():
    by = request.form.get("by", "")
    text = request.form.get("q", "")
    chosen = {"by": by, "q": text}
    if by not in backend.LOOKUP_FIELDS:
        return _shown(chosen, errors={"by": ["찾을 항목(전화번호, 이메일, 주문번호, 이름)을 "
                                             "고르세요."]})
    criteria: dict[str, Any] = {by: text.strip(), "limit": PAGE_SIZE}
    if request.form.get("cursor"):
        criteria["cursor"] = request.form["cursor"]
    try:
        answer = backend.find_customers(criteria)
    except ValidationError as error:
        return _shown(chosen, errors=_keyed(korean(flatten(error.messages)), by))
    except backend.InvalidCommand:
        return _shown(chosen, errors={"q": ["이 검색의 다음 쪽이 아닙니다. 처음부터 다시 "
                                            "찾으세요."]})
    return _shown(chosen, items=answer["items"], next_cursor=answer["next_cursor"])


def _keyed(errors: dict[str, list[str]], by: str) -> dict[str, list[str]]:
    """The schema names the criterion's field (phone, email, …); the form has one box, q."""
    return {("q" if name in (by, "_schema") else name): texts for name, texts in errors.items()}


def _shown(chosen: dict[str, str], *, items: list[dict] | None = None,
           next_cursor: str | None = None, errors: dict[str, list[str]] | None = None):
    return render_template("customers.html", searched=True, items=items or [], chosen=chosen,
                           next_cursor=next_cursor, errors=errors or {}), 422 if errors else 200


@blp.after_request
def _log_refusals(response):
    """Refused on a customer (their page: the role, an unknown or an erased customer): one row
    with outcome "refused", as the API's GET /customers/{id} writes."""
    if (response.status_code in (403, 404, 410) and request.view_args
            and "customer_id" in request.view_args and g.get("actor") is not None):
        backend.log_refused_customer_access()
    return response


@blp.get("/customers/<customer_id>")
@page(api=READ)
def show(customer_id: str):
    actor = signed_in()
    try:
        customer = backend.customer_360(customer_id)
    except backend.CustomerNotFound:
        return render_template("error.html", status=404,
                               message="이 고객 ID로 접수된 클레임이 없습니다."), 404
    except backend.CustomerErased:
        return render_template("customer_erased.html", customer_id=customer_id), 410
    return render_template("customer.html", customer=customer,
                           may_open_claims=backend.admits(actor, *CLAIM))
