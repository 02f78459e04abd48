"""What the evidence use cases need from outside (a file store, a file cipher, a link index,
a type sniffer), and the errors they raise. Infrastructure implements these; bootstrap wires
them. (Kept apart from application/ports.py until the two are merged.)"""
from __future__ import annotations

from typing import Protocol

from .errors import ApplicationError


class FileStore(Protocol):
    """Sealed bytes by claim and attachment id. The database by default (claim_files); an
    S3-compatible bucket would implement the same four methods. It only ever sees sealed
    bytes, so it needs no encryption of its own."""

    def put(self, claim_id: str, attachment_id: str, sealed: bytes) -> None: ...

    def get(self, claim_id: str, attachment_id: str) -> bytes | None: ...

    def delete(self, claim_id: str, attachment_id: str) -> None: ...

    def delete_claims(self, claim_ids: list[str]) -> None: ...


class FileCipher(Protocol):
    """Seals a file with its claim's data key, bound to the claim and attachment ids."""

    def seal(self, claim_id: str, attachment_id: str, data: bytes) -> bytes:
        """Raises ClaimDataErased when the claim's key is gone."""

    def open(self, claim_id: str, attachment_id: str, sealed: bytes | None) -> bytes:
        """Raises ClaimDataErased when the key is gone, FileIntegrityError when the bytes are
        missing, were changed, or belong to another attachment."""


class LinkIndex(Protocol):
    """Vendor-link tokens by their hash: which claim's link a token is."""

    def add(self, token_hash: str, claim_id: str, link_id: str, fact_check_id: str) -> None: ...

    def find(self, token_hash: str) -> tuple[str, str, str] | None:
        """(claim id, link id, fact check id), or None for a token never issued."""

    def remove(self, token_hash: str) -> None: ...

    def forget_claims(self, claim_ids: list[str]) -> None: ...


class MediaSniffer(Protocol):
    def __call__(self, data: bytes) -> str | None:
        """The file's media type, read from its bytes; None when it is none we take."""


class UnsupportedMediaType(ApplicationError):
    """Raised when a file's bytes are of no type casemgmt takes (the name and the client's
    Content-Type are not asked)."""


class FileTooLarge(ApplicationError):
    """Raised when a file is larger than CASEMGMT_MAX_ATTACHMENT_MB."""


class ClaimDataErased(ApplicationError):
    """Raised when the claim's data key was destroyed (erasure, retention): its files can no
    longer be read, and no new file can be sealed for it."""


class FileIntegrityError(ApplicationError):
    """Raised when stored file bytes fail their check (AES-GCM tag, or the SHA-256 the event
    recorded) or are missing: never served altered."""


class VendorTokenInvalid(ApplicationError):
    """Raised when a vendor token is missing, malformed or unknown."""


class OtherFactCheck(ApplicationError):
    """Raised when a valid vendor token is used for a fact check it was not issued for."""
