"""The vendor's API: one fact check, reached with the vendor token of its link (Bearer), and
nothing else. Staff tokens do not work here, vendor tokens nowhere else. Rate-limited per
token and per address; the token is never in a URL the server sees, nor in its logs."""
from __future__ import annotations

import math
from dataclasses import asdict
from functools import wraps
from typing import Callable

from flask import Flask, current_app, g, request
from flask_smorest import Blueprint
from marshmallow import Schema

from casemgmt.application.evidence_ports import OtherFactCheck, VendorTokenInvalid
from casemgmt.application.vendor_links import VendorSession, hash_token
from casemgmt.domain.evidence import LinkRefused
from casemgmt.domain.values import Finding

from .evidence_core import IDEMPOTENCY_PARAM, RETRY_AFTER, bearer_token, idempotent
from .limits import TokenBuckets
from .problems import PROBLEM_JSON, ApiProblem, problem
from .schemas.common import ProblemSchema, TEXT, choice, optional_text
from .schemas.evidence_out import VendorFactCheckOut
from .services import services
from .uploads import read_upload, upload_body

blp = Blueprint("vendor", __name__, url_prefix="/api/v1/vendor",
                description="For vendors: the one fact check their link opens")
RATE_LIMITS = "casemgmt.vendor_rate_limits"
SECURITY = [{"vendorToken": []}]
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="casemgmt-vendor"'}
PROBLEMS = {
    400: "Malformed body",
    401: "Missing, unknown, expired or withdrawn vendor token, or its fact check is over",
    403: "The token is for another fact check",
    409: "Another change was saved first; retry",
    413: "Body or file too large",
    415: "Not the expected media type, or a file of no type taken",
    422: "A well-formed body that breaks a rule",
    429: "Too many requests (Retry-After)",
    503: "Database busy or unreachable",
}


class VendorAnswerIn(Schema):
    finding = choice(Finding, required=True)
    details = optional_text(TEXT)


def vendor_operation(view: Callable) -> Callable:
    """Rate limit by address, whose vendor token for this fact check, rate limit by token,
    Idempotency-Key on POST (a retry is replayed even once the link has been used up); and
    the OpenAPI text for it. Whether the link still works is checked by the use case."""

    @wraps(view)
    def guarded(fact_check_id: str, **kwargs):
        _limit(f"ip:{request.remote_addr}")
        token = bearer_token()
        session = services().vendors.authenticate(token, fact_check_id)
        _limit(hash_token(token))
        g.subject_claim = session.claim_id  # so that erasure drops stored idempotent answers
        if request.method == "POST":
            return idempotent(f"vendor:{session.link_id}", lambda: view(session, **kwargs))
        return view(session, **kwargs)

    doc = {"security": SECURITY, "x-audience": "vendor"}
    if view.__name__ != "read":
        doc["parameters"] = [IDEMPOTENCY_PARAM]
    guarded = blp.doc(**doc)(guarded)
    for code, text in PROBLEMS.items():
        guarded = blp.alt_response(code, schema=ProblemSchema, content_type=PROBLEM_JSON,
                                   description=text,
                                   headers=RETRY_AFTER if code in (429, 503) else None)(guarded)
    return guarded


@blp.route("/fact-checks/<fact_check_id>", methods=["GET"])
@vendor_operation
@blp.response(200, VendorFactCheckOut)
def read(session: VendorSession):
    """The fact check: question, order, due date; no customer name, phone, e-mail or text."""
    return _shown(services().vendors.vendor_view(session))


@blp.route("/fact-checks/<fact_check_id>/answer", methods=["POST"])
@vendor_operation
@blp.arguments(VendorAnswerIn())
@blp.response(200, VendorFactCheckOut)
def answer(session: VendorSession, data):
    """Answer the fact check; the link stops working.

    Recorded on the claim as by vendor:<id>, with the vendor's files as evidence."""
    return _shown(services().vendors.vendor_answer(session, data["finding"], data["details"]))


@blp.route("/fact-checks/<fact_check_id>/attachments", methods=["POST"])
@vendor_operation
@blp.doc(requestBody=upload_body(staff=False))
@blp.response(201, VendorFactCheckOut)
def upload(session: VendorSession):
    """Add a file (multipart, as staff do): a photo, a receipt, a document, a recording."""
    return _shown(services().vendors.vendor_file(session, read_upload(staff=False))), 201


def _shown(view) -> dict:
    return {**asdict(view), "max_file_mb": services().settings.max_attachment_mb}


def _limit(key: str) -> None:
    wait = current_app.extensions[RATE_LIMITS].take(key)
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise ApiProblem(429, f"Too many requests; retry in {seconds} s.", slug="rate-limited",
                         headers={"Retry-After": str(seconds)})


def register_vendor_api(app: Flask, spec) -> None:
    settings = app.extensions["casemgmt"].settings
    app.extensions[RATE_LIMITS] = TokenBuckets(settings.vendor_rate_limit_per_minute)
    spec.components.security_scheme("vendorToken", {
        "type": "http", "scheme": "bearer",
        "description": "A vendor token (cmv_…) from a vendor link: one fact check only"})


@blp.errorhandler(VendorTokenInvalid)
def _invalid(error):
    return problem(401, "A valid vendor token is required.", slug="unauthenticated",
                   headers=CHALLENGE)


@blp.errorhandler(LinkRefused)
def _refused(error: LinkRefused):
    slug = error.rule.replace(".", "-").replace("_", "-")
    return problem(401, f"This link no longer works: {error.message}.", slug=slug,
                   headers=CHALLENGE, rule=error.rule)


@blp.errorhandler(OtherFactCheck)
def _other(error):
    return problem(403, "This link is for another fact check.", slug="other-fact-check")
