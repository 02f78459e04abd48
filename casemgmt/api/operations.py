"""Operations endpoints: liveness, readiness, Prometheus metrics, and the offline docs' assets."""
from __future__ import annotations

import json
import time
from typing import Callable, Iterable

from flask import Blueprint, Flask, Response, jsonify, send_from_directory

from casemgmt.telemetry.metrics import render

from .observability import label_requests
from .problems import database_unavailable
from . import webhooks
from .services import services

blp = Blueprint("operations", __name__)
MAX_VIEW_LAG = 1_000  # events a view may trail the store by and still count as caught up
READY_PING_SECONDS = 0.5  # /readyz answers within a second when the database is gone


@blp.get("/healthz")
def healthz():
    """The process is up."""
    return jsonify(status="ok")


@blp.get("/readyz")
def readyz():
    """The database answers (and, with projections, views are caught up)."""
    checks = {}
    ready = True
    started = time.perf_counter()
    try:
        services().db.ping(timeout=READY_PING_SECONDS)
        services().casemgmt.recorder.max_notification_id()
        checks["database"] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}
    except Exception as error:  # any failure means not ready; the type is enough to diagnose
        ready = False
        checks["database"] = {"ok": False, "error": type(error).__name__}
    else:
        lag = services().projections.lag()
        behind = {name: events for name, events in lag.items() if events > MAX_VIEW_LAG}
        checks["projections"] = {"ok": not behind, "lag": lag, "max_lag": MAX_VIEW_LAG}
        ready = ready and not behind
        checks["webhooks"] = webhooks.readiness()  # degraded at worst: never not ready
    return jsonify(status="ready" if ready else "not_ready", checks=checks), 200 if ready else 503


def without_database(environ: dict, start_response: Callable, error: str) -> Iterable[bytes]:
    """What a worker answers while its API cannot be built, the database being gone at its boot
    (infrastructure/worker_app.py): the process is up, it is not ready, and every other
    request gets the API's own answer to an outage."""
    path = environ.get("PATH_INFO", "")
    if path == "/healthz":
        answer = Response(json.dumps({"status": "ok"}), mimetype="application/json")
    elif path == "/readyz":
        answer = Response(json.dumps({"status": "not_ready", "checks": {
            "database": {"ok": False, "error": error}}}), status=503, mimetype="application/json")
    else:
        answer = database_unavailable()
    return answer(environ, start_response)


@blp.get("/metrics")
def metrics():
    """Prometheus text: requests, latency, projection lag, jobs, the store, the pool and the
    webhooks."""
    body, content_type = render(services())
    lines = webhooks.metric_lines()
    if lines:
        body += ("\n".join(lines) + "\n").encode("utf-8")
    return Response(body, content_type=content_type)


def count_requests(app: Flask) -> None:
    """Label each request with its route and staff member for the metrics and the access log
    (observability.py; the name is kept for the workspace, which calls it too)."""
    label_requests(app)


def serve_docs_assets(app: Flask) -> None:
    import swagger_ui_bundle

    @app.get("/docs/assets/<path:filename>")
    def docs_assets(filename: str):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)


def document(app: Flask, spec) -> None:
    """The operations endpoints and the documentation itself in /openapi.json: public (no
    token), so that the document lists every route the service answers (OWASP API9)."""
    rules = {rule.rule: rule for rule in app.url_map.iter_rules()}

    def json_body(description: str, properties: dict) -> dict:
        return {"description": description, "content": {"application/json": {"schema": {
            "type": "object", "properties": properties}}}}

    def public(summary: str, responses: dict) -> dict:
        return {"get": {"summary": summary, "tags": ["operations"], "security": [],
                        "responses": responses}}

    readiness = {"status": {"type": "string", "enum": ["ready", "not_ready"]},
                 "checks": {"type": "object"}}
    spec.tag({"name": "operations", "description": "Liveness, readiness, metrics and the docs"})
    spec.path(rule=rules["/healthz"], operations=public("The process is up", {
        "200": json_body("Up", {"status": {"type": "string", "enum": ["ok"]}})}))
    spec.path(rule=rules["/readyz"], operations=public(
        "The database answers and the views trail the store by at most a bound", {
            "200": json_body("Ready", readiness),
            "503": json_body("Not ready: the checks say why", readiness)}))
    spec.path(rule=rules["/metrics"], operations=public(
        "Prometheus text: requests, latency, projection lag, jobs, the store and the pool", {
        "200": {"description": "Metrics", "content": {"text/plain": {"schema": {"type": "string"}}}}}))
    spec.path(rule=rules["/openapi.json"], operations=public("This document", {
        "200": {"description": "OpenAPI 3", "content": {"application/json": {
            "schema": {"type": "object"}}}}}))
    spec.path(rule=rules["/docs"], operations=public("This document, browsable (assets served locally)", {
        "200": {"description": "Swagger UI", "content": {"text/html": {
            "schema": {"type": "string"}}}}}))
