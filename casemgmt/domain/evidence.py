"""Evidence on a claim: files (photos, receipts, recordings, documents) and the links that let
a vendor answer its own fact check, with the rules a file name and a link must keep."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .errors import NotPermitted

MAX_FILENAME = 150  # characters; a Korean name of 150 stays under the 255 bytes filesystems take
VENDOR_PREFIX = "vendor:"


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    RECEIPT = "receipt"
    DOCUMENT = "document"
    RECORDING = "recording"
    OTHER = "other"


class MediaType(StrEnum):
    """The types a file may have, read from its bytes (never from what the client says)."""

    JPEG = "image/jpeg"
    PNG = "image/png"
    WEBP = "image/webp"
    HEIC = "image/heic"
    PDF = "application/pdf"
    MP3 = "audio/mpeg"
    M4A = "audio/mp4"
    WAV = "audio/wav"
    TEXT = "text/plain"

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self]

    @property
    def default_kind(self) -> AttachmentKind:
        if self.value.startswith("image/"):
            return AttachmentKind.PHOTO
        if self.value.startswith("audio/"):
            return AttachmentKind.RECORDING
        return AttachmentKind.DOCUMENT


_EXTENSIONS = {MediaType.JPEG: "jpg", MediaType.PNG: "png", MediaType.WEBP: "webp",
               MediaType.HEIC: "heic", MediaType.PDF: "pdf", MediaType.MP3: "mp3",
               MediaType.M4A: "m4a", MediaType.WAV: "wav", MediaType.TEXT: "txt"}


@dataclass
class Attachment:
    """A file on the claim: what the event recorded about it (the bytes live in a file store)."""

    id: str
    filename: str
    media_type: str
    size: int
    sha256: str
    kind: str
    uploaded_by: str
    uploaded_at: datetime
    fact_check_id: str | None = None
    escalation_id: str | None = None


@dataclass
class VendorLink:
    """A link that lets the vendor of one fact check answer it; the token lives elsewhere,
    hashed, and names this link."""

    id: str
    fact_check_id: str
    expires_at: datetime
    issued_by: str
    issued_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None

    def usable_at(self, moment: datetime) -> bool:
        return self.revoked_at is None and moment < self.expires_at


class LinkRefused(NotPermitted):
    """Raised when a vendor link cannot be used (any more): unknown, revoked, expired, or its
    fact check is no longer open."""


def vendor_actor(vendor_id: str) -> str:
    """How a vendor is named in `by`: vendor:<vendor id>."""
    return VENDOR_PREFIX + vendor_id


def safe_filename(name: str | None, media_type: MediaType) -> str:
    """The client's file name, kept readable (Korean included) but safe to show and to send
    back in Content-Disposition: no directories, no control or direction-override characters,
    no leading dots, at most MAX_FILENAME characters with the extension kept."""
    text = unicodedata.normalize("NFC", name or "")  # macOS sends Hangul decomposed (NFD)
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(_visible(ch) for ch in text)
    text = " ".join(text.split()).lstrip(". ").rstrip(" ")
    if not text or text.strip(".") == "":
        return f"file.{media_type.extension}"
    if len(text) <= MAX_FILENAME:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and stem and len(extension) <= 10:
        return stem[:MAX_FILENAME - len(extension) - 1].rstrip() + "." + extension
    return text[:MAX_FILENAME].rstrip()


def _visible(ch: str) -> str:
    """Spaces of every width as one plain space; control, format (RTL override), line and
    paragraph separators dropped."""
    category = unicodedata.category(ch)
    if category == "Zs":
        return " "
    return "" if category[0] == "C" or category in ("Zl", "Zp") else ch
