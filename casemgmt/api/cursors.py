"""Opaque keyset cursors: (a time, an id) as url-safe text, and back, refusing any other."""
from __future__ import annotations

import base64
import json
from datetime import datetime

from .problems import ApiProblem


def encode(last: tuple[datetime, str]) -> str:
    raw = json.dumps([last[0].isoformat(), last[1]])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment_text, key = json.loads(raw)
        moment = datetime.fromisoformat(moment_text)
        if moment.tzinfo is None or not isinstance(key, str):
            raise ValueError
        return moment, key
    except (ValueError, TypeError, UnicodeDecodeError):
        raise ApiProblem(400, "cursor is not one this service gave out",
                         slug="bad-cursor") from None
