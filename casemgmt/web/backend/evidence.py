"""Evidence files and vendor links (web/evidence.py)."""
from __future__ import annotations

from flask import request

from casemgmt.api.access_log import disclosed
from casemgmt.api.services import services
from casemgmt.api.uploads import ENVELOPE as UPLOAD_ENVELOPE
from casemgmt.api.uploads import UploadFields
from casemgmt.application.evidence import EvidenceFile, Upload
from casemgmt.application.vendor_links import IssuedLink
from casemgmt.domain.claim import Claim
from casemgmt.domain.evidence import MediaType
from casemgmt.domain.values import Actor


def attachment_file(claim_id: str, attachment_id: str) -> EvidenceFile:
    """A file's bytes, checked against the SHA-256 its event recorded; the disclosure is logged
    as the API's download logs it. Raises UnknownPart, ClaimDataErased, FileIntegrityError."""
    found = services().evidence.attachment_file(claim_id, attachment_id)
    disclosed([(found.claim_id, found.customer_id)])
    return found


def add_attachment(actor: Actor, claim_id: str, expected_version: int | None,
                   filename: str | None, data: bytes, fields: dict[str, str | None]) -> Claim:
    """Raises FileTooLarge, UnsupportedMediaType, ClaimDataErased, and the domain's refusals."""
    return services().evidence.add_attachment(
        actor, claim_id, Upload(filename=filename, data=data, **fields),
        expected_version=expected_version)


def issue_vendor_link(actor: Actor, claim_id: str, fact_check_id: str,
                      expected_version: int | None) -> tuple[Claim, IssuedLink, str]:
    """The claim after the link was issued, the link (its token shown once), and its URL."""
    svc = services()
    claim, link = svc.vendors.issue_link(actor, claim_id, fact_check_id,
                                         expected_version=expected_version)
    base = svc.settings.public_url or request.host_url.rstrip("/")
    return claim, link, f"{base}/vendor#f={link.fact_check_id}&t={link.token}"


def revoke_vendor_link(actor: Actor, claim_id: str, fact_check_id: str,
                       expected_version: int | None) -> Claim:
    return services().vendors.revoke_link(actor, claim_id, fact_check_id,
                                          expected_version=expected_version)


UPLOAD_FIELDS = UploadFields  # kind, fact_check_id, escalation_id, as the API reads them


def file_extension(media_type: str) -> str:
    """jpg, png, m4a, … for a media type casemgmt takes; the subtype otherwise."""
    try:
        return MediaType(media_type).extension
    except ValueError:
        return media_type.rsplit("/", 1)[-1]


def max_attachment_mb() -> int:
    return services().settings.max_attachment_mb


def max_upload_bytes() -> int:
    """The body an upload may have: the file's cap and the form around it (as the API)."""
    return services().settings.max_attachment_bytes + UPLOAD_ENVELOPE
