"""What the `casemgmt` command prints: JSON with Korean kept readable and every time in RFC 3339
with its offset, to the second (`2026-12-02T06:13:20+09:00`), as a person reads and a script
parses it."""
from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any


def fail(message: object, status: int) -> int:
    """Say why on stderr, `casemgmt: <message>`, and give the exit status to return."""
    print(f"casemgmt: {message}", file=sys.stderr)
    return status


def rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, default=_plain)
