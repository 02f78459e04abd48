"""Evidence files: adding one to a claim (type read from the bytes, sealed, recorded with its
SHA-256) and reading it back only if it is exactly what was recorded."""
from __future__ import annotations

import hashlib
from dataclasses import KW_ONLY, dataclass
from typing import Callable
from uuid import uuid4

from casemgmt.domain.claim import Claim
from casemgmt.domain.claim_evidence import FileFacts
from casemgmt.domain.evidence import Attachment
from casemgmt.domain.values import Actor

from .base import CaseApplication
from .evidence_ports import (
    FileCipher, FileIntegrityError, FileStore, FileTooLarge, MediaSniffer, UnsupportedMediaType,
)

AddFile = Callable[[Claim, str, FileFacts], None]  # (claim, attachment id, facts) → event


@dataclass(frozen=True)
class Upload:
    """A file as it came in: the client's name for it, its bytes, and what it is about."""

    filename: str | None
    data: bytes
    kind: str | None = None
    fact_check_id: str | None = None
    escalation_id: str | None = None


@dataclass(frozen=True)
class EvidenceFile:
    attachment: Attachment
    data: bytes
    claim_id: str
    customer_id: str


@dataclass(eq=False)  # a desk is a service: two are equal only when they are one
class EvidenceDesk:
    claims: CaseApplication
    files: FileStore
    cipher: FileCipher
    sniff: MediaSniffer
    _: KW_ONLY
    max_bytes: int

    def add_attachment(self, actor: Actor, claim_id: str, upload: Upload,
                       expected_version: int | None = None) -> Claim:
        def add(claim: Claim, attachment_id: str, facts: FileFacts) -> None:
            claim.add_attachment(attachment_id, facts, upload.kind,
                                 fact_check_id=upload.fact_check_id,
                                 escalation_id=upload.escalation_id, by=actor,
                                 at=self.claims.clock.now())

        return self.store(claim_id, expected_version, upload, add)

    def store(self, claim_id: str, expected_version: int | None, upload: Upload,
              add: AddFile) -> Claim:
        """Run the claim's rules, then store the sealed bytes, then the event; if the event is
        not stored (a race, a refusal), the bytes are deleted again."""
        facts = self.facts_of(upload)
        attachment_id = str(uuid4())  # random: two racing uploads never share a file row
        stored_under: list[str] = []

        def command(claim: Claim) -> None:
            add(claim, attachment_id, facts)
            sealed = self.cipher.seal(str(claim.id), attachment_id, upload.data)
            self.files.put(str(claim.id), attachment_id, sealed)
            stored_under.append(str(claim.id))

        try:
            claim, _ = self.claims.change_claim(claim_id, expected_version, command)
        except BaseException:
            for canonical_id in stored_under:
                self.files.delete(canonical_id, attachment_id)
            raise
        return claim

    def facts_of(self, upload: Upload) -> FileFacts:
        if len(upload.data) > self.max_bytes:
            raise FileTooLarge(f"{len(upload.data)} bytes")
        media_type = self.sniff(upload.data)
        if media_type is None:
            raise UnsupportedMediaType(upload.filename or "")
        return FileFacts(filename=upload.filename, media_type=media_type,
                         size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest())

    def attachment_file(self, claim_id: str, attachment_id: str) -> EvidenceFile:
        """The file's bytes, opened and checked against the SHA-256 its event recorded.
        Raises ClaimDataErased after erasure or retention, FileIntegrityError if altered."""
        claim = self.claims.get_claim(claim_id)
        attachment = claim.attachment(attachment_id)
        sealed = self.files.get(str(claim.id), attachment_id)
        data = self.cipher.open(str(claim.id), attachment_id, sealed)
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise FileIntegrityError(f"{claim.id}/{attachment_id}: sha256 differs from the event")
        return EvidenceFile(attachment, data, str(claim.id), claim.customer.id)

    def forget(self, claim_ids: list[str]) -> None:
        """Erasure and retention: the keys are gone already; the sealed rows go too."""
        self.files.delete_claims(claim_ids)
