"""Response bodies of evidence: a claim's files, its vendor links, what a vendor sees."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from casemgmt.domain.evidence import AttachmentKind
from casemgmt.domain.values import Category, FactCheckStatus

from .common import OrderOut, choice, nullable

LINK_STATES = ("active", "expired", "revoked", "closed")


class AttachmentOut(Schema):
    id = fields.String(required=True)
    filename = fields.String(required=True, metadata={"description": '"[erased]" after erasure'})
    media_type = fields.String(required=True, metadata={"description": "read from the bytes"})
    size = fields.Integer(required=True, metadata={"description": "bytes"})
    sha256 = fields.String(required=True, metadata={"description": "hex; also the download's ETag"})
    kind = choice(AttachmentKind, required=True)
    fact_check_id = nullable(fields.String)
    escalation_id = nullable(fields.String)
    uploaded_by = fields.String(required=True, metadata={"description": "staff id or vendor:<id>"})
    uploaded_at = fields.DateTime(required=True)


class VendorLinkStateOut(Schema):
    """A link issued for a fact check (never its token)."""

    id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(LINK_STATES), metadata={
        "description": "active: works now; closed: its fact check is answered or cancelled"})
    expires_at = fields.DateTime(required=True)
    issued_by = fields.String(required=True)
    issued_at = fields.DateTime(required=True)
    revoked_at = nullable(fields.DateTime)


class VendorLinkOut(Schema):
    url = fields.String(required=True, metadata={
        "description": "the page for the vendor; the token travels in the fragment (#…), "
                       "which browsers never send to a server"})
    token = fields.String(required=True, metadata={"description": "shown once: cmv_…"})
    expires_at = fields.DateTime(required=True)
    link_id = fields.String(required=True)
    fact_check_id = fields.String(required=True)
    claim_reference = fields.String(required=True, metadata={
        "description": "what the vendor sees instead of the claim id (CM-XXXX-XXXX)"})


class VendorOrderOut(OrderOut):
    """The order as its vendor sees it: as staff see it."""


class VendorFileOut(Schema):
    id = fields.String(required=True)
    filename = fields.String(required=True)
    media_type = fields.String(required=True)
    size = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    kind = choice(AttachmentKind, required=True)
    uploaded_at = fields.DateTime(required=True)


class VendorFactCheckOut(Schema):
    """The fact check as its vendor sees it: no customer name, phone, e-mail or description."""

    id = fields.String(required=True)
    claim_reference = fields.String(required=True)
    category = choice(Category, required=True)
    order = nullable(fields.Nested, VendorOrderOut)
    question = fields.String(required=True)
    due_at = fields.DateTime(required=True)
    status = choice(FactCheckStatus, required=True)
    attachments = fields.List(fields.Nested(VendorFileOut), required=True, metadata={
        "description": "the files this vendor added to the fact check"})
    max_file_mb = fields.Integer(required=True)
