"""Free-form event data made JSON-safe: times as RFC 3339, ids as strings."""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from uuid import UUID

from flask import Response, current_app


def jsonsafe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonsafe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonsafe(v) for v in value]
    return _leaf(value)


def _leaf(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


def _plain(value: Any) -> Any:
    converted = _leaf(value)
    if converted is value:
        raise TypeError(f"{type(value).__name__} is not JSON")
    return converted


def json_response(payload: Any) -> Response:
    """`payload` as JSON, with what jsonsafe would convert converted as the encoder meets it:
    walking a page of 500 events first cost more than encoding it."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return current_app.response_class(body, mimetype="application/json")
