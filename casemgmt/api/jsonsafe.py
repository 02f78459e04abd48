"""Free-form event data made JSON-safe: times as RFC 3339, ids as strings."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID


def jsonsafe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonsafe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonsafe(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
