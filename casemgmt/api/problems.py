"""Every error as application/problem+json (RFC 9457): one shape for clients to handle."""
from __future__ import annotations

import logging
import threading
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError
from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

from casemgmt.application.errors import (
    ClaimNotFound, ConcurrentWrite, StaffNotFound, StaleVersion, TokenExpired, Unauthenticated,
)
from casemgmt.domain.errors import DomainError, InvalidCommand, NotPermitted, StateConflict, UnknownPart
from casemgmt.application.integrity import ClaimIntegrityError
from casemgmt.application.ports import KeyReused

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("casemgmt.api")

TITLES = {
    400: "Bad request", 401: "Not authenticated", 403: "Not permitted", 404: "Not found",
    405: "Method not allowed", 406: "Not acceptable", 409: "Conflict with the claim's state",
    410: "Gone",
    412: "Version mismatch", 413: "Request body too large", 415: "Unsupported media type",
    422: "Rule broken", 428: "Precondition required", 429: "Too many requests",
    500: "Internal error", 503: "Service unavailable",
}


class ApiProblem(Exception):
    """Raised by views for request problems that are not domain rules (bad headers, cursors)."""

    def __init__(self, status: int, detail: str, *, slug: str | None = None,
                 errors: dict[str, list[str]] | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.slug = status, detail, slug
        self.errors, self.headers = errors, headers or {}


def problem(status: int, detail: str, *, slug: str | None = None,
            errors: dict[str, Any] | None = None, headers: dict[str, str] | None = None,
            **extra: Any) -> Response:
    body: dict[str, Any] = {
        "type": f"/problems/{slug or _slug(status)}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    body.update({k: v for k, v in extra.items() if v is not None})
    response = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_JSON)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def database_unavailable() -> Response:
    """The answer while the database is gone (also a worker's before its API is built)."""
    return problem(503, "The database is busy or unreachable; retry shortly.",
                   slug="database-unavailable", headers={"Retry-After": "2"})


def _slug(status: int) -> str:
    return TITLES.get(status, "error").lower().replace(" ", "-").replace("'", "")


def _domain_status(error: DomainError) -> int:
    if isinstance(error, InvalidCommand):
        return 422
    if isinstance(error, StateConflict):
        return 409
    if isinstance(error, NotPermitted):
        return 403
    if isinstance(error, UnknownPart):
        return 404
    return 422


def from_validation_messages(messages: Any) -> Response:
    """webargs/marshmallow messages → 400 for unknown fields or bad JSON, else 422."""
    flat = _flatten(messages)
    unknown = any(msg == "Unknown field." for msgs in flat.values() for msg in msgs)
    bad_json = any(msg == "Invalid JSON body." for msgs in flat.values() for msg in msgs)
    if bad_json:
        return problem(400, "The body is not valid JSON.", slug="malformed-json", errors=flat)
    if unknown:
        return problem(400, "The body has fields this operation does not take.",
                       slug="unknown-field", errors=flat)
    return problem(422, "The body does not satisfy this operation's schema.", slug="validation",
                   errors=flat)


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """{'json': {'customer': {'name': [...]}}} → {'customer.name': [...]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = key if not prefix else f"{prefix}.{key}"
            if prefix == "" and key in ("json", "query", "headers", "view_args"):
                name = ""
            flat.update(_flatten(value, name))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        flat[prefix or "_body"] = list(messages)
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
    else:
        flat[prefix or "_body"] = [str(messages)]
    return flat


def on_database_error(app: Flask) -> None:
    """After a failure, replace broken pooled connections so the next request gets good ones."""
    services = app.extensions.get("casemgmt")
    if services is not None:
        threading.Thread(target=services.db.check_pool, daemon=True).start()


def register_problem_handlers(app: Flask) -> None:
    @app.errorhandler(ApiProblem)
    def _api_problem(error: ApiProblem):
        return problem(error.status, error.detail, slug=error.slug, errors=error.errors,
                       headers=error.headers)

    @app.errorhandler(DomainError)
    def _domain(error: DomainError):
        errors = {error.field: [error.message]} if error.field else None
        return problem(_domain_status(error), error.message, slug=error.rule.replace(".", "-").replace("_", "-"),
                       errors=errors, rule=error.rule)

    @app.errorhandler(ClaimNotFound)
    def _claim_not_found(error: ClaimNotFound):
        return problem(404, f"No claim {error}.", slug="claim-not-found")

    @app.errorhandler(ClaimIntegrityError)
    def _integrity(error: ClaimIntegrityError):
        # Stored events that fail their own checks: damaged or tampered with. Not the client's
        # doing and not retried away; the operator must look (casemgmt audit verify).
        log.error("claim %s fails its integrity check at version %s: %s", error.claim_id,
                  error.version, error.problem)
        return problem(500, f"The stored history of claim {error.claim_id} fails its integrity"
                            " check; it cannot be shown or changed until an administrator has"
                            " looked into it.", slug="integrity", claim_id=error.claim_id,
                       version=error.version, problem=error.problem)

    @app.errorhandler(StaffNotFound)
    def _staff_not_found(error: StaffNotFound):
        return problem(404, f"No staff member {error}.", slug="staff-not-found")

    @app.errorhandler(Unauthenticated)
    def _unauthenticated(error: Unauthenticated):
        # Unknown and revoked tokens get the same answer: no oracle for which tokens existed.
        if isinstance(error, TokenExpired):
            return problem(401, "The bearer token has expired; ask an admin for a new one.",
                           slug="token-expired", headers={"WWW-Authenticate": (
                               'Bearer realm="casemgmt", error="invalid_token"')})
        return problem(401, "A valid bearer token is required.", slug="unauthenticated",
                       headers={"WWW-Authenticate": 'Bearer realm="casemgmt"'})

    @app.errorhandler(StaleVersion)
    def _stale(error: StaleVersion):
        return problem(412, f"If-Match names version {error.expected}, but the claim has moved on;"
                            " read it again and retry.", slug="stale-version")

    @app.errorhandler(ConcurrentWrite)
    def _race(error: ConcurrentWrite):
        return problem(409, "Another change to this claim was saved first; read it again and retry.",
                       slug="concurrent-write")

    @app.errorhandler(KeyReused)
    def _key_reused(error: KeyReused):
        return problem(422, "This Idempotency-Key was used with a different request.",
                       slug="idempotency-key-reused")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_busy(error: Exception):
        log.warning("database unavailable or busy: %s", type(error).__name__)
        on_database_error(app)
        return database_unavailable()

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        data = getattr(error, "data", None) or {}
        if "messages" in data:
            return from_validation_messages(data["messages"])
        headers = dict(error.get_headers()) if error.code == 405 else {}
        headers.pop("Content-Type", None)
        return problem(error.code or 500, error.description or TITLES.get(error.code, "Error"),
                       headers=headers)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        # The type only: messages may quote request data, and request data may be personal.
        log.error("unexpected %s while handling a request", type(error).__name__,
                  exc_info=app.debug)
        return problem(500, "Something went wrong on our side; it has been logged.")
