"""Every request observed once, around the whole app (the workspace in front of the API too):
its id, taken from `X-Request-Id` when sane and made up otherwise, returned on every response
and bound to every log line written while it is handled; its route template and staff member,
left in the WSGI environ for the server's access line; its latency and status, counted.
"""
from __future__ import annotations

import re
import time
import uuid
from typing import Any, Callable, Iterable

import structlog
from flask import Flask, g, request

from casemgmt.telemetry import metrics
from casemgmt.telemetry.logs import REQUEST_ID, ROUTE, STAFF_ID

HEADER = "X-Request-Id"
# Ids that proxies and clients make (UUIDs, hex, ULIDs) pass; anything shorter, longer or with
# other characters is replaced: the id is logged, and a phone number or an e-mail must not be.
SANE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{15,127}$")
UNMATCHED = "unmatched"  # one label for every path no route knows (no label per typed path)


def request_id(offered: str | None) -> str:
    if offered and SANE_ID.match(offered):
        return offered
    return uuid.uuid4().hex


class ObservedRequests:
    """WSGI middleware: the id in and out, the log context, the request metrics."""

    def __init__(self, app: Callable):
        self.app = app

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        rid = environ[REQUEST_ID] = request_id(environ.get("HTTP_X_REQUEST_ID"))
        answered: list[int] = []

        def start(status: str, headers: list, exc_info: Any = None):
            answered.append(int(status.split(" ", 1)[0]))
            headers = [(k, v) for k, v in headers if k.lower() != "x-request-id"]
            return start_response(status, [*headers, (HEADER, rid)], exc_info)

        structlog.contextvars.bind_contextvars(request_id=rid)
        started = time.perf_counter()
        try:
            return self.app(environ, start)
        finally:
            metrics.observe_request(environ.get("REQUEST_METHOD", "-"),
                                    environ.get(ROUTE) or UNMATCHED,
                                    answered[-1] if answered else 500,
                                    time.perf_counter() - started)
            structlog.contextvars.clear_contextvars()


def label_requests(app: Flask) -> None:
    """Leave the route template and the staff member in the environ (API and workspace)."""

    @app.before_request
    def _route():
        if request.url_rule is not None:
            request.environ[ROUTE] = template(request.url_rule.rule)

    @app.after_request
    def _staff(response):
        actor = g.get("actor")
        if actor is not None:
            request.environ[STAFF_ID] = str(actor.id)
        return response


def observe_requests(app: Flask) -> None:
    """Wrap the whole WSGI app (call after everything else wrapped it)."""
    app.wsgi_app = ObservedRequests(app.wsgi_app)


def template(rule: str) -> str:
    """/api/v1/claims/<claim_id> → /api/v1/claims/{claim_id}, as OpenAPI names the path."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)
