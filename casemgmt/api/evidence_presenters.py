"""The evidence parts of a claim as clients see them: its files, and per fact check who
answered and the links issued for it (their state now, never their tokens)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from casemgmt.domain.claim import Claim
from casemgmt.domain.parts import FactCheck


def attachments(claim: Claim) -> list[dict[str, Any]]:
    return [dict(id=a.id, filename=a.filename, media_type=a.media_type, size=a.size,
                 sha256=a.sha256, kind=a.kind, fact_check_id=a.fact_check_id,
                 escalation_id=a.escalation_id, uploaded_by=a.uploaded_by,
                 uploaded_at=a.uploaded_at) for a in claim.attachments]


def fact_check_evidence(claim: Claim, fact_check: FactCheck, now: datetime) -> dict[str, Any]:
    links = [link for link in claim.vendor_links if link.fact_check_id == fact_check.id]
    return dict(answered_by=fact_check.answered_by, vendor_links=[
        dict(id=link.id, status=_state(link, fact_check, now), expires_at=link.expires_at,
             issued_by=link.issued_by, issued_at=link.issued_at, revoked_at=link.revoked_at)
        for link in links])


def _state(link, fact_check: FactCheck, now: datetime) -> str:
    if link.revoked_at is not None:
        return "revoked"
    if now >= link.expires_at:
        return "expired"
    return "active" if fact_check.is_open else "closed"
