"""JSON bodies checked before any view reads them: a body sent as another media type is
refused (415); nesting deeper than any operation takes, or text that is not Unicode (a lone
UTF-16 surrogate), is malformed JSON (400). A NUL character (U+0000) in the path or the query
string is a rule broken (422, which every operation documents): those values are looked up
as they are, and PostgreSQL takes no NUL in text. (In a body, free text may hold one: it is
sealed, so stored as bytes; identifiers that are stored as text say so in their schema.)

All would otherwise surface as a 500 further on (RecursionError in the decoder; a
UnicodeEncodeError when the text is stored; PostgreSQL's refusal), after the request had
passed validation.
"""
from __future__ import annotations

import json
import re

from flask import Flask, request

from .problems import ApiProblem
from .uploads import takes_files

NUL = "\x00"
MAX_DEPTH = 32  # the deepest body an operation takes is 3 levels
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_json_bodies(app: Flask) -> None:
    @app.before_request
    def _check_body():
        if request.routing_exception is not None:
            return  # no such route or method: 404 or 405 says more than 415 would
        _refuse_nul(["_path"] if NUL in request.path else [])
        _refuse_nul([name for name, value in request.args.items(multi=True)
                     if NUL in name or NUL in value])
        sent = request.method in ("POST", "PUT", "PATCH") and request.content_length
        if sent and not request.is_json and not takes_files():  # files: see uploads.py
            raise ApiProblem(415, "Send the body as application/json, "
                                  f"not {request.mimetype or 'without a Content-Type'}.")
        if request.is_json and request.content_length != 0:
            fault = json_fault(request.get_data(cache=True))  # 413 beyond the size limit
            if fault:
                raise ApiProblem(400, "The body is not valid JSON.", slug="malformed-json",
                                 errors={"_body": [fault]})


def _refuse_nul(fields: list[str]) -> None:
    if fields:
        raise ApiProblem(422, "Text must not contain the NUL character (U+0000).",
                         slug="nul-character", errors={
                             name.replace(NUL, "\\u0000"): ["must not contain U+0000"]
                             for name in fields})


def json_fault(raw: bytes) -> str | None:
    """Why this JSON is unacceptable, or None (also for text that is not JSON at all: the
    operation's parser reports that in its own words)."""
    try:
        body = json.loads(raw)
    except RecursionError:
        return f"nested deeper than {MAX_DEPTH} levels"
    except ValueError:
        return None
    pending = [(body, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return f"nested deeper than {MAX_DEPTH} levels"
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return "text with a lone UTF-16 surrogate (\\ud800-\\udfff) is not Unicode"
        elif isinstance(value, dict):
            pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)
    return None
