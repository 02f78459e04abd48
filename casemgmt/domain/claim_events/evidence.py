"""Evidence: a file joined the claim; a vendor link issued or revoked."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..evidence import Attachment, VendorLink
from .base import ClaimEvent


class AttachmentAdded(ClaimEvent):
    """A file joined the claim; its sha256 puts the file under the events' hash chain."""

    attachment_id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    kind: str
    fact_check_id: str | None
    escalation_id: str | None

    def apply(self, claim: Any) -> None:
        # A new list, not append: claims from snapshots older than attachments share the
        # class default (an empty tuple).
        claim.attachments = [*claim.attachments, Attachment(
            id=self.attachment_id, filename=self.filename, media_type=self.media_type,
            size=self.size, sha256=self.sha256, kind=self.kind, uploaded_by=self.by,
            uploaded_at=self.at, fact_check_id=self.fact_check_id,
            escalation_id=self.escalation_id)]


class VendorLinkIssued(ClaimEvent):
    """A vendor may answer the fact check through a link until it expires; an earlier link
    of the same fact check stops working."""

    fact_check_id: str
    link_id: str
    expires_at: datetime

    def apply(self, claim: Any) -> None:
        for link in claim.vendor_links:
            if link.fact_check_id == self.fact_check_id and link.revoked_at is None:
                link.revoked_at, link.revoked_by = self.at, self.by
        claim.vendor_links = [*claim.vendor_links, VendorLink(
            id=self.link_id, fact_check_id=self.fact_check_id, expires_at=self.expires_at,
            issued_by=self.by, issued_at=self.at)]


class VendorLinkRevoked(ClaimEvent):
    fact_check_id: str
    link_id: str

    def apply(self, claim: Any) -> None:
        link = claim.vendor_link(self.link_id)
        link.revoked_at, link.revoked_by = self.at, self.by
