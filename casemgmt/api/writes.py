"""Every POST: Idempotency-Key replay, then the view inside one write context (unit_of_work.py).

The same key with the same request gets the first answer again (and writes nothing); with a
different request, 422. Two requests racing with one key both run; the first to commit wins
and the other is answered with the winner's response — its own write was rolled back.
"""
from __future__ import annotations

import re

from typing import Callable

from flask import Response, make_response, request

from casemgmt.application.ports import KeyErased, KeyTaken, current_write
from casemgmt.domain.values import Actor

from .access_log import disclosed_in_replay
from .problems import ApiProblem
from .services import services
from .unit_of_work import HttpWrite, fingerprint, replayed

IDEMPOTENCY_HEADER = "Idempotency-Key"
# 1 to 255 characters without control characters (C0, DEL, C1, NBSP, soft hyphen), spaces
# only inside (HTTP strips them at the ends): /openapi.json documents exactly this pattern.
_EDGE, _INSIDE = r"[^\x00-\x20\x7F-\xA0\xAD]", r"[^\x00-\x1F\x7F-\xA0\xAD]"
IDEMPOTENCY_KEY_PATTERN = f"^{_EDGE}({_INSIDE}{{0,253}}{_EDGE})?$"
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)


def write(actor: Actor | None, view: Callable[[], object], *,
          subject: str | None = None) -> Response:
    """Run a POST's view as one write; `subject` (default: the actor's id) owns its key."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is not None and not _IDEMPOTENCY_KEY.fullmatch(key):
        raise ApiProblem(400, f"{IDEMPOTENCY_HEADER} must be 1 to 255 printable characters",
                         slug="bad-idempotency-key")
    context = HttpWrite(subject or actor.id, actor, key,
                        fingerprint() if key is not None else None)
    if key is not None:
        stored = _stored(context)
        if stored is not None:
            return stored
    token = current_write.set(context)
    try:
        response = make_response(view())
        context.flush(response)
    except KeyTaken:
        return _stored(context) or _conflict()
    finally:
        current_write.reset(token)
    return response


def current_context() -> HttpWrite | None:
    context = current_write.get()
    return context if isinstance(context, HttpWrite) else None


def _stored(context: HttpWrite) -> Response | None:
    try:
        stored = services().idempotency.find(context.subject, context.key, context.fingerprint)
    except KeyErased:
        raise ApiProblem(422, "The first response to this Idempotency-Key was erased with the"
                              " customer's personal data; it is not replayed, nor the request run"
                              " again. Send it with a new key to run it anew.",
                         slug="idempotency-key-erased") from None
    if stored is None:
        return None
    disclosed_in_replay(stored.body)
    return replayed(stored)


def _conflict() -> Response:
    raise ApiProblem(409, "A request with this Idempotency-Key was answered meanwhile but its"
                          " answer could not be read; retry.", slug="idempotency-key-in-flight",
                     headers={"Retry-After": "1"})
