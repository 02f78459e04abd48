"""Staff give a vendor a link to answer one open fact check, and withdraw it."""
from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema

from .evidence_core import (
    CHANGE_CLAIM, ETAG_HEADER, answer_with_claim, command_answers, current_actor,
    expected_version, operation,
)
from .schemas.claims_out import ClaimOut
from .schemas.common import moment
from .schemas.evidence_out import VendorLinkOut
from .services import services

blp = Blueprint("vendor_links", __name__, url_prefix="/api/v1/claims",
                description="Links that let a vendor answer its own fact check")
PATH = "/<claim_id>/fact-checks/<fact_check_id>/vendor-link"


class VendorLinkIn(Schema):
    expires_at = moment(metadata={
        "description": "default: 7 days after the fact check's due date (at least 24 hours "
                       "from now); at most 90 days from now"})


class RevocationIn(Schema):
    pass


@blp.route(PATH, methods=["POST"])
@operation(blp, roles=CHANGE_CLAIM, problems=(404, 409, 412), idempotent=True, if_match=True)
@blp.arguments(VendorLinkIn())
@blp.response(201, VendorLinkOut, headers={**ETAG_HEADER, "Cache-Control": {
    "description": "no-store: the token is shown once", "schema": {"type": "string"}}})
def issue(data, claim_id, fact_check_id):
    """Make a link for the fact check's vendor; the token is shown once.

    Only its hash is kept. A new link replaces the one before."""
    svc = services()
    claim, link = svc.vendors.issue_link(current_actor(), claim_id, fact_check_id,
                                         data.get("expires_at"),
                                         expected_version=expected_version())
    base = svc.settings.public_url or request.host_url.rstrip("/")
    body = {"url": f"{base}/vendor#f={link.fact_check_id}&t={link.token}", "token": link.token,
            "expires_at": link.expires_at, "link_id": link.link_id,
            "fact_check_id": link.fact_check_id, "claim_reference": link.claim_reference}
    return body, 201, {"ETag": f'"{claim.version}"', "Cache-Control": "no-store"}


@blp.route(PATH + "/revocation", methods=["POST"])
@operation(blp, roles=CHANGE_CLAIM, problems=(404, 409, 412), idempotent=True, if_match=True)
@blp.arguments(RevocationIn())
@blp.response(200, ClaimOut, headers=ETAG_HEADER)
def revoke(data, claim_id, fact_check_id):
    """Withdraw the fact check's working link: it stops working at once."""
    command_answers()
    claim = services().vendors.revoke_link(current_actor(), claim_id, fact_check_id,
                                           expected_version=expected_version())
    return answer_with_claim(claim)
