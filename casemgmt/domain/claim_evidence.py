"""The claim's rules for evidence: files added by staff or by a vendor, vendor links, and the
vendor's own answer to its fact check. Mixed into Claim (claim.py), whose events these are."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import access, rules
from .errors import InvalidCommand, StateConflict, UnknownPart
from .evidence import (
    Attachment, AttachmentKind, LinkRefused, MediaType, VendorLink, safe_filename, vendor_actor,
)
from .parts import FactCheck
from .values import Actor, FactCheckStatus, Finding


@dataclass(frozen=True)
class FileFacts:
    """What is known of a file before it joins a claim: the name the client gave, and what its
    bytes are (type read from them, size, SHA-256)."""

    filename: str | None
    media_type: str
    size: int
    sha256: str


class ClaimEvidence:
    # Claims rebuilt from snapshots taken before evidence existed have no such attributes:
    # the empty tuples stand in until the first event assigns a list.
    attachments: Any = ()
    vendor_links: Any = ()

    def attachment(self, attachment_id: str) -> Attachment:
        return _find(self.attachments, attachment_id, "attachment")

    def vendor_link(self, link_id: str) -> VendorLink:
        return _find(self.vendor_links, link_id, "vendor link")

    # -- files -----------------------------------------------------------------------------

    def add_attachment(self, attachment_id: str, file: FileFacts, kind: str | None, *,
                       fact_check_id: str | None = None, escalation_id: str | None = None,
                       by: Actor, at: datetime) -> None:
        """Staff add a file. A closed claim takes files too, as it takes notes: a happy-call
        recording or the agency's final letter arrives after closure and changes no decision."""
        access.require_may_change(by, self.assignee)
        if fact_check_id is not None:
            self.fact_check(fact_check_id)
        if escalation_id is not None:
            self.escalation(escalation_id)
        self._attach(attachment_id, file, kind, fact_check_id, escalation_id, by.id, at)

    def add_vendor_attachment(self, link_id: str, attachment_id: str, file: FileFacts,
                              kind: str | None, *, at: datetime) -> None:
        _, fact_check = self.usable_link(link_id, at)
        self._attach(attachment_id, file, kind, fact_check.id, None,
                     vendor_actor(fact_check.vendor_id), at)

    def _attach(self, attachment_id: str, file: FileFacts, kind: str | None,
                fact_check_id: str | None, escalation_id: str | None, by: str,
                at: datetime) -> None:
        media_type = rules.one_of(MediaType, file.media_type, "file")
        if file.size <= 0:
            raise InvalidCommand("file.empty", "the file is empty", "file")
        if any(a.id == attachment_id for a in self.attachments):
            raise StateConflict("attachment.duplicate", f"attachment {attachment_id} exists")
        chosen = (rules.one_of(AttachmentKind, kind, "kind") if kind is not None
                  else media_type.default_kind)
        self.trigger_event(self.AttachmentAdded, attachment_id=attachment_id,
                           filename=safe_filename(file.filename, media_type),
                           media_type=media_type.value, size=file.size, sha256=file.sha256,
                           kind=chosen.value, fact_check_id=fact_check_id,
                           escalation_id=escalation_id, by=by, at=at)

    # -- vendor links ----------------------------------------------------------------------

    def issue_vendor_link(self, fact_check_id: str, link_id: str, expires_at: datetime, *,
                          by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_fact_check(fact_check_id)
        expiry = rules.aware(expires_at, "expires_at")
        if expiry <= at:
            raise InvalidCommand("expires_at.past", "expires_at must be later than now",
                                 "expires_at")
        self.trigger_event(self.VendorLinkIssued, fact_check_id=fact_check_id, link_id=link_id,
                           expires_at=expiry, by=by.id, at=at)

    def revoke_vendor_link(self, fact_check_id: str, *, by: Actor, at: datetime) -> str:
        self._require_changeable(by)
        self.fact_check(fact_check_id)
        usable = [link for link in self.vendor_links
                  if link.fact_check_id == fact_check_id and link.usable_at(at)]
        if not usable:
            raise StateConflict("vendor_link.none_usable",
                                f"fact check {fact_check_id} has no link that still works")
        self.trigger_event(self.VendorLinkRevoked, fact_check_id=fact_check_id,
                           link_id=usable[-1].id, by=by.id, at=at)
        return usable[-1].id

    def usable_link(self, link_id: str, at: datetime) -> tuple[VendorLink, FactCheck]:
        """The link and its fact check, if the vendor may still use it at `at`."""
        try:
            link = self.vendor_link(link_id)
        except UnknownPart:
            raise LinkRefused("vendor_link.unknown", "this link is not valid") from None
        if link.revoked_at is not None:
            raise LinkRefused("vendor_link.revoked", "this link was withdrawn by the company")
        if at >= link.expires_at:
            raise LinkRefused("vendor_link.expired", "this link has expired")
        fact_check = self.fact_check(link.fact_check_id)
        if fact_check.status != FactCheckStatus.OPEN:
            raise LinkRefused("vendor_link.fact_check_closed",
                              f"the fact check is {fact_check.status}; the link no longer works")
        return link, fact_check

    def answer_fact_check_as_vendor(self, link_id: str, finding: str, details: str | None, *,
                                    at: datetime) -> None:
        """The vendor answers through its link; its files on the fact check are the evidence."""
        _, fact_check = self.usable_link(link_id, at)
        by = vendor_actor(fact_check.vendor_id)
        evidence = [a.id for a in self.attachments
                    if a.fact_check_id == fact_check.id and a.uploaded_by == by]
        self.trigger_event(self.FactCheckAnswered, fact_check_id=fact_check.id,
                           finding=rules.one_of(Finding, finding, "finding").value,
                           details=details, evidence=evidence, by=by, at=at)


def _find(parts: Any, part_id: str, kind: str) -> Any:
    for part in parts:
        if part.id == part_id:
            return part
    raise UnknownPart(f"{kind.replace(' ', '_')}.unknown", f"this claim has no {kind} {part_id!r}")
