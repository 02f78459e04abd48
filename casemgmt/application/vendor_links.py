"""Vendor links: staff give the vendor of one open fact check a token; the vendor reads that
fact check (no customer data), adds files and answers it, and nothing else."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import KW_ONLY, dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from casemgmt.domain import deadlines as dl
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.claim import Claim
from casemgmt.domain.claim_evidence import FileFacts
from casemgmt.domain.errors import InvalidCommand
from casemgmt.domain.evidence import vendor_actor
from casemgmt.domain.parts import FactCheck
from casemgmt.domain.values import Actor

from .base import CaseApplication
from .errors import ClaimNotFound
from .evidence import EvidenceDesk, Upload
from .evidence_ports import LinkIndex, OtherFactCheck, VendorTokenInvalid

TOKEN_PREFIX = "cmv_"             # recognisable in a leak report, as staff tokens' cm_
AFTER_DUE = timedelta(days=7)     # the default life of a link: 7 days past the fact check's due
AT_LEAST = timedelta(hours=24)    # ...but a day at least, for a fact check already overdue
AT_MOST = timedelta(days=90)


@dataclass(frozen=True)
class IssuedLink:
    token: str           # shown once; only its hash is kept
    link_id: str
    fact_check_id: str
    expires_at: datetime
    claim_reference: str


@dataclass(frozen=True)
class VendorSession:
    """What a vendor token opened: one link of one claim, for one fact check."""

    claim_id: str
    link_id: str
    fact_check_id: str


@dataclass(frozen=True)
class VendorView:
    """What the vendor sees: its question, the order and the due date; no customer."""

    id: str
    claim_reference: str
    category: str
    order: dict[str, Any] | None
    question: str
    due_at: datetime
    status: str
    attachments: list[dict[str, Any]]


@dataclass(eq=False)  # a desk is a service: two are equal only when they are one
class VendorDesk:
    claims: CaseApplication
    evidence: EvidenceDesk
    index: LinkIndex
    _: KW_ONLY
    policy: dl.DeadlinePolicy
    calendar: BusinessCalendar
    reference_key: bytes

    # -- staff -------------------------------------------------------------------------------

    def issue_link(self, actor: Actor, claim_id: str, fact_check_id: str,
                   expires_at: datetime | None = None,
                   expected_version: int | None = None) -> tuple[Claim, IssuedLink]:
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        link_id, now = f"vl-{uuid4().hex[:12]}", self.now()
        chosen: list[datetime] = []

        def command(claim: Claim) -> None:
            expiry = expires_at or self._default_expiry(claim.fact_check(fact_check_id), now)
            if expiry > now + AT_MOST:
                raise InvalidCommand("expires_at.too_late", "a link lives at most 90 days",
                                     "expires_at")
            claim.issue_vendor_link(fact_check_id, link_id, expiry, by=actor, at=now)
            self.index.add(hash_token(token), str(claim.id), link_id, fact_check_id)
            chosen.append(expiry)

        try:
            claim, _ = self.claims.change_claim(claim_id, expected_version, command)
        except BaseException:
            if chosen:
                self.index.remove(hash_token(token))
            raise
        return claim, IssuedLink(token, link_id, fact_check_id, chosen[0],
                                 self.claim_reference(str(claim.id)))

    def revoke_link(self, actor: Actor, claim_id: str, fact_check_id: str,
                    expected_version: int | None = None) -> Claim:
        claim, _ = self.claims.change_claim(claim_id, expected_version, lambda c: (
            c.revoke_vendor_link(fact_check_id, by=actor, at=self.now())))
        return claim

    def claim_reference(self, claim_id: str) -> str:
        """A short, stable reference for talking about the claim with the vendor: keyed, so it
        cannot be turned back into the claim id nor made up for another claim."""
        digest = hmac.new(self.reference_key, claim_id.encode(), hashlib.sha256).digest()
        code = base64.b32encode(digest[:5]).decode()
        return f"CM-{code[:4]}-{code[4:]}"

    # -- the vendor --------------------------------------------------------------------------

    def authenticate(self, token: str | None, fact_check_id: str) -> VendorSession:
        """Whose link a vendor token is, for this fact check: raises VendorTokenInvalid for a
        token never issued, OtherFactCheck for another fact check's. Whether the link still
        works is checked by each use (so that a retried answer can be replayed)."""
        if not token or not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            raise VendorTokenInvalid("not a vendor token")
        found = self.index.find(hash_token(token))
        if found is None:
            raise VendorTokenInvalid("unknown vendor token")
        claim_id, link_id, linked_fact_check = found
        if linked_fact_check != fact_check_id:
            raise OtherFactCheck(fact_check_id)
        return VendorSession(claim_id=claim_id, link_id=link_id, fact_check_id=fact_check_id)

    def vendor_view(self, session: VendorSession) -> VendorView:
        claim = self._usable(session)
        return self._view(claim, session.fact_check_id)

    def vendor_answer(self, session: VendorSession, finding: str,
                      details: str | None) -> VendorView:
        def command(claim: Claim) -> None:
            self._check(claim, session)
            claim.answer_fact_check_as_vendor(session.link_id, finding, details, at=self.now())

        claim, _ = self.claims.change_claim(session.claim_id, None, command)
        return self._view(claim, session.fact_check_id)

    def vendor_file(self, session: VendorSession, upload: Upload) -> VendorView:
        def add(claim: Claim, attachment_id: str, facts: FileFacts) -> None:
            self._check(claim, session)
            claim.add_vendor_attachment(session.link_id, attachment_id, facts, upload.kind,
                                        at=self.now())

        self._usable(session)  # first: a dead link is refused before the file is looked at
        claim = self.evidence.store(session.claim_id, None, upload, add)
        return self._view(claim, session.fact_check_id)

    def forget(self, claim_ids: list[str]) -> None:
        self.index.forget_claims(claim_ids)

    # -- helpers -----------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.claims.clock.now()

    def _default_expiry(self, fact_check: FactCheck, now: datetime) -> datetime:
        due = dl.fact_check_due(fact_check, self.policy, self.calendar)
        return max(due + AFTER_DUE, now + AT_LEAST)

    def _usable(self, session: VendorSession) -> Claim:
        try:
            claim = self.claims.get_claim(session.claim_id)
        except ClaimNotFound:
            raise VendorTokenInvalid("vendor token of no claim") from None
        self._check(claim, session)
        return claim

    def _check(self, claim: Claim, session: VendorSession) -> None:
        link, _ = claim.usable_link(session.link_id, self.now())
        if link.fact_check_id != session.fact_check_id:
            raise OtherFactCheck(session.fact_check_id)

    def _view(self, claim: Claim, fact_check_id: str) -> VendorView:
        fact_check = claim.fact_check(fact_check_id)
        vendor = vendor_actor(fact_check.vendor_id)
        order = claim.order
        return VendorView(
            id=fact_check.id, claim_reference=self.claim_reference(str(claim.id)),
            category=claim.category, question=fact_check.question, status=fact_check.status,
            order=dict(id=order.id, merchant_id=order.merchant_id, amount_krw=order.amount_krw)
            if order else None,
            due_at=dl.fact_check_due(fact_check, self.policy, self.calendar),
            attachments=[_vendor_file(a) for a in claim.attachments
                         if a.fact_check_id == fact_check.id and a.uploaded_by == vendor])


def _vendor_file(attachment) -> dict[str, Any]:
    return dict(id=attachment.id, filename=attachment.filename, media_type=attachment.media_type,
                size=attachment.size, sha256=attachment.sha256, kind=attachment.kind,
                uploaded_at=attachment.uploaded_at)


def hash_token(token: str) -> str:
    # 256 random bits: a fast unsalted hash cannot be brute-forced (as for staff tokens).
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
