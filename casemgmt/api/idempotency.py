"""Idempotency-Key on POST: the first response is stored and replayed to retries of the same request."""
from __future__ import annotations

import hashlib
import json
from typing import Callable

from flask import Response, g, make_response, request

from casemgmt.infrastructure.idempotency import ANY_CLAIM, KeyErased, StoredResponse

from .access_log import disclosed_in_replay
from .problems import ApiProblem
from .services import services
from .uploads import takes_files, upload_fingerprint

HEADER = "Idempotency-Key"
REPLAYED_HEADERS = ("Location", "ETag", "Content-Type")


def request_fingerprint() -> str:
    if takes_files():
        return upload_fingerprint()  # the same file and fields, whatever the boundary
    raw = request.get_data(cache=True)
    try:
        canonical = json.dumps(json.loads(raw or b"null"), sort_keys=True, ensure_ascii=False)
    except ValueError:
        return hashlib.sha256(raw).hexdigest()  # not JSON: the bytes as they are
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
    if request.path.startswith("/api/v1/follow-ups/"):
        return ANY_CLAIM  # a round lists every selection of the month with its feedback
    # Vendor routes name no claim in their path: their decorator sets g.subject_claim.
    claim_id = g.get("subject_claim") or (request.view_args or {}).get("claim_id")
    if claim_id is None and response.is_json and request.path.rstrip("/").endswith("/claims"):
        claim_id = (response.get_json(silent=True) or {}).get("id")
    return claim_id
