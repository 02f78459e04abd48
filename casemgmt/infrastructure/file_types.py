"""What a file is, read from its bytes with `filetype` (magic numbers), never from its name or
the client's Content-Type: the images, PDF and audio casemgmt takes, or plain UTF-8 text."""
from __future__ import annotations

import filetype

from casemgmt.domain.evidence import MediaType

# filetype's names → ours (it says audio/x-wav; browsers and RFC 2361 say audio/wav)
_KNOWN = {"image/jpeg": MediaType.JPEG, "image/png": MediaType.PNG,
          "image/webp": MediaType.WEBP, "image/heic": MediaType.HEIC,
          "application/pdf": MediaType.PDF, "audio/mpeg": MediaType.MP3,
          "audio/mp4": MediaType.M4A, "audio/x-wav": MediaType.WAV}


def sniff(data: bytes) -> str | None:
    """The media type of `data`, or None when it is of no type casemgmt takes."""
    guessed = filetype.guess(data[:8192])
    if guessed is not None:
        known = _KNOWN.get(guessed.mime)
        return known.value if known else None
    return MediaType.TEXT.value if _is_text(data) else None


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
