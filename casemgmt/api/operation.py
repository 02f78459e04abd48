"""One decorator per operation: auth, the rate limit, roles, Idempotency-Key, If-Match, and the
OpenAPI text for them."""
from __future__ import annotations

import re
from functools import wraps
from typing import Callable, Iterable

from flask import request
from flask_smorest import Blueprint

from casemgmt.domain.values import Role

from .auth import bearer_token, current_actor
from .limits import enforce_rate_limit
from .problems import PROBLEM_JSON, ApiProblem
from .schemas.common import ProblemSchema
from .writes import IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_PATTERN, write

PROBLEM_TEXT = {
    400: "Malformed JSON, an unknown field or a bad header",
    401: "Missing or invalid bearer token",
    403: "The role or the claim's assignment does not allow this",
    404: "No such claim (or part of it)",
    409: "The claim's state forbids the command, or a concurrent write won",
    412: "If-Match names a version the claim is no longer at",
    413: "Body larger than 1 MiB",
    414: "Request line (path and query string) longer than 4,094 bytes",
    415: "The body is not JSON",
    422: "A well-formed body that breaks a rule",
    429: "Too many requests with this token (see Retry-After)",
    431: "More than 100 header fields, or one longer than 8,190 bytes",
    500: "The claim's stored events fail their integrity check (/problems/integrity)",
    503: "Database busy or unreachable",
}
# 414 and 431 come from the HTTP server (infrastructure/problem_worker.py) before any view.
COMMON = (400, 401, 403, 413, 414, 415, 422, 429, 431, 503)
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying",
                               "schema": {"type": "integer", "minimum": 1}}}
IF_MATCH_PATTERN = r'^(W/)?"?(\d{1,12})"?$|^\*$'  # expected_version() reads exactly these
IF_MATCH_PARAM = {"in": "header", "name": "If-Match", "required": False,
                  "schema": {"type": "string", "maxLength": 16, "pattern": IF_MATCH_PATTERN},
                  "description": 'The claim version the command expects, as "<version>"'}
IDEMPOTENCY_PARAM = {"in": "header", "name": IDEMPOTENCY_HEADER, "required": False,
                     "schema": {"type": "string", "minLength": 1, "maxLength": 255,
                                "pattern": IDEMPOTENCY_KEY_PATTERN},
                     "description": "Retries with the same key and body get the first response"}


def operation(blp: Blueprint, *, roles: Iterable[Role], problems: Iterable[int] = (),
              idempotent: bool = False, if_match: bool = False) -> Callable:
    allowed = frozenset(roles)
    names = [r.value for r in Role if r in allowed]  # in the order Role lists them
    codes = sorted(set(COMMON) | set(problems) | ({412, 428} & set(problems)))

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            actor = current_actor()
            enforce_rate_limit(bearer_token())
            if actor.role not in allowed:
                raise ApiProblem(403, f"a {actor.role} may not use this operation "
                                      f"(allowed: {', '.join(names)})", slug="role-not-allowed")
            if request.method == "POST":
                return write(actor, lambda: view(*args, **kwargs))
            return view(*args, **kwargs)

        parameters = ([IF_MATCH_PARAM] if if_match else []) + (
            [IDEMPOTENCY_PARAM] if idempotent else [])
        doc = {"x-roles": names, "security": [{"bearerAuth": []}]}
        if parameters:
            doc["parameters"] = parameters
        guarded = blp.doc(**doc)(guarded)
        for code in codes:
            guarded = blp.alt_response(code, schema=ProblemSchema, content_type=PROBLEM_JSON,
                                       description=PROBLEM_TEXT.get(code, "Problem"),
                                       headers=RETRY_AFTER if code in (429, 503) else None)(guarded)
        return guarded

    return decorate


_IF_MATCH = re.compile(IF_MATCH_PATTERN)


def expected_version() -> int | None:
    """If-Match: "<version>" → the version the client expects; absent or * → no check."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    match = _IF_MATCH.fullmatch(header.strip())
    if match is None:
        raise ApiProblem(400, 'If-Match must be a claim version such as "3"', slug="bad-if-match")
    return None if match[0] == "*" else int(match[2])
