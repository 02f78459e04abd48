"""Media made byte by byte for the workspace's browser tests and screenshots: a WAV recording
a browser can play (the PNG, PDF and others are in tests/evidence/files.py)."""
from __future__ import annotations

import io
import math
import struct
import wave


def wav(seconds: float = 1.0, hertz: int = 440, rate: int = 8000) -> bytes:
    """A mono 16-bit PCM tone, fading in and out, that Chromium's <audio> plays."""
    frames = int(seconds * rate)
    samples = (int(8000 * math.sin(2 * math.pi * hertz * i / rate)
                   * min(1.0, i / 400, (frames - i) / 400)) for i in range(frames))
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return out.getvalue()
