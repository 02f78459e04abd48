"""Intake: the form of POST /claims, validated by the API's schema, filed by the use case."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from . import backend
from .access import page, see_other, signed_in
from .forms import Failed, read
from .refusals import reason

blp = Blueprint("intake", __name__)
INTAKE = ("POST", "/api/v1/claims")


@blp.get("/intake")
@page(api=INTAKE)
def form():
    return render_template("intake.html", failed=None)


@blp.post("/intake")
@page(api=INTAKE)
def file():
    data, errors = read(backend.SCHEMAS["intake"], request.form)
    if errors:
        return _again(errors, 422)
    try:
        filed = backend.file_claim(signed_in(), data)
    except backend.DomainError as error:
        field = error.field or "_form"
        return _again({field: [reason(error.rule, error.message)]},
                      backend.status_of(error))
    return see_other(url_for("claim.show", claim_id=str(filed.id), done="filed"))


def _again(errors: dict[str, list[str]], status: int):
    return render_template("intake.html", failed=Failed("intake", errors, request.form)), status
