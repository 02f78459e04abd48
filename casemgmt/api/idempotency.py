"""Idempotency-Key on POST: the first response is stored and replayed to retries of the same request."""
from __future__ import annotations

import hashlib
import json
from typing import Callable

from flask import Response, make_response, request

from casemgmt.infrastructure.idempotency import ANY_CLAIM, KeyErased, StoredResponse

from .access_log import disclosed_in_replay
from .problems import ApiProblem
from .services import services

HEADER = "Idempotency-Key"
REPLAYED_HEADERS = ("Location", "ETag", "Content-Type")
SEVERAL_CLAIMS = ("/api/v1/follow-ups/", "/api/v1/customers/search")


def request_fingerprint() -> str:
    raw = request.get_data(cache=True)
    try:
        canonical = json.dumps(json.loads(raw or b"null"), sort_keys=True, ensure_ascii=False)
    except ValueError:
        canonical = raw.decode("utf-8", "replace")
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def run_idempotently(actor_id: str, view: Callable[[], object]) -> Response:
    key = request.headers.get(HEADER)
    if key is None:
        return make_response(view())
    if not 1 <= len(key) <= 255 or not key.isprintable():
        raise ApiProblem(400, f"{HEADER} must be 1 to 255 printable characters",
                         slug="bad-idempotency-key")
    store = services().idempotency
    try:
        replay = store.begin(actor_id, key, request.method, request.path, request_fingerprint())
    except KeyErased:
        raise ApiProblem(422, "The first response to this Idempotency-Key was erased with the"
                              " customer's personal data; it is not replayed, nor the request run"
                              " again. Send it with a new key to run it anew.",
                         slug="idempotency-key-erased") from None
    if replay is not None:
        response = Response(replay.body, status=replay.status_code, headers=replay.headers)
        response.headers["Idempotent-Replayed"] = "true"
        disclosed_in_replay(replay.body)
        return response
    try:
        response = make_response(view())
    except BaseException:
        store.release(actor_id, key)
        raise
    if response.status_code >= 400:
        store.release(actor_id, key)  # a refused request wrote nothing: its retry may run
        return response
    headers = {name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers}
    store.complete(actor_id, key, StoredResponse(response.status_code,
                                                 response.get_data(as_text=True), headers),
                   claim_id=_claim_of(response))
    return response


def _claim_of(response: Response) -> str | None:
    """The claim a response is about, so that erasing its customer drops it too."""
    if request.path.startswith(SEVERAL_CLAIMS):
        return ANY_CLAIM  # a round's selections, or customers found: every erasure drops it
    claim_id = (request.view_args or {}).get("claim_id")
    if claim_id is None and response.is_json and request.path.rstrip("/").endswith("/claims"):
        claim_id = (response.get_json(silent=True) or {}).get("id")
    return claim_id
