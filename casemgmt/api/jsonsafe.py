"""Free-form event data made JSON-safe: times as RFC 3339, ids as strings."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import orjson
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
    """`payload` as JSON, converted as jsonsafe would convert it while it is encoded (orjson
    writes times as RFC 3339 and ids as text itself): walking a page of 500 events first, and
    encoding it in Python, cost more than reading it from the store."""
    body = orjson.dumps(payload, default=_plain, option=orjson.OPT_NON_STR_KEYS)
    return current_app.response_class(body, mimetype="application/json")


def flask_json(payload: Any) -> bytes:
    """The bytes Flask's JSON provider writes for `payload` as this app sets it (keys sorted,
    compact, UTF-8, a closing newline), with date-times written as isoformat() writes them,
    encoded by orjson: a claim with hundreds of notes cost a millisecond more in Python."""
    return orjson.dumps(payload, default=_plain,
                        option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS
                        | orjson.OPT_APPEND_NEWLINE)


def flask_json_response(payload: Any) -> Response:
    """A 200 with `payload` as flask_json writes it (a view's schema dump already done)."""
    return current_app.response_class(flask_json(payload), mimetype="application/json")
