"""Composition of evidence: files sealed in the database, vendor links by token hash.
Called by bootstrap.build(); the one place that picks the FileStore (an S3-compatible store
would be chosen here)."""
from __future__ import annotations

import base64
import hashlib

from casemgmt.application.base import CaseApplication
from casemgmt.application.evidence import EvidenceDesk
from casemgmt.application.vendor_links import VendorDesk
from casemgmt.config import Settings
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.deadline_policy import DeadlinePolicy
from casemgmt.infrastructure.claim_files import DatabaseFileStore
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.file_sealing import FileSealer
from casemgmt.infrastructure.file_types import sniff
from casemgmt.infrastructure.vendor_link_index import DatabaseLinkIndex


def build_evidence(settings: Settings, app: CaseApplication, db: Database, *,
                   policy: DeadlinePolicy, calendar: BusinessCalendar
                   ) -> tuple[EvidenceDesk, VendorDesk]:
    evidence = EvidenceDesk(app, DatabaseFileStore(db), FileSealer(app.keys), sniff,
                            max_bytes=settings.max_attachment_bytes)
    vendors = VendorDesk(app, evidence, DatabaseLinkIndex(db), policy=policy, calendar=calendar,
                         reference_key=reference_key(settings))
    return evidence, vendors


def reference_key(settings: Settings) -> bytes:
    """The key of the claim references vendors see: derived from the master key when there is
    one (without it, a reference is still one-way, but anyone could compute it from a claim
    id — which a vendor never sees)."""
    master = base64.b64decode(settings.cipher_key) if settings.cipher_key else b""
    return hashlib.sha256(b"casemgmt claim reference\0" + master).digest()
