"""OWASP API9:2023 Improper Inventory Management — the published document is the inventory.

Every route the Flask app answers, with each of its methods, is in /openapi.json (the
operations endpoints, the docs and the vendor's page too, as public), except the static
assets of the Swagger UI and of the vendor's page; and every documented operation is served.
There is one API version, /api/v1, and no stray route (Flask's default /static is off).
"""
from __future__ import annotations

import re

from tests.owasp.openapi import METHODS

ASSETS = {"/docs/assets/<path:filename>", "/vendor/assets/<path:filename>"}


def served(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule in ASSETS:
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        routes |= {(method.lower(), path) for method in rule.methods
                   if method.lower() in METHODS}
    return routes


def documented(doc: dict) -> set[tuple[str, str]]:
    return {(method, path) for path, item in doc["paths"].items()
            for method in item if method in METHODS}


def test_every_route_served_is_documented(api, doc):
    missing = served(api.client.application) - documented(doc)

    assert not missing, f"served but not in /openapi.json: {sorted(missing)}"


def test_every_documented_operation_is_served(api, doc):
    unserved = documented(doc) - served(api.client.application)

    assert not unserved, f"in /openapi.json but not served: {sorted(unserved)}"


def test_one_api_version_and_nothing_else_under_api(api, doc):
    api_paths = [path for path in doc["paths"] if path.startswith("/api/")]
    assert api_paths and all(path.startswith("/api/v1/") for path in api_paths)
    assert doc["info"]["version"] == "v1"
    others = {path for path in doc["paths"] if not path.startswith("/api/")}
    assert others == {"/healthz", "/readyz", "/metrics", "/openapi.json", "/docs", "/vendor"}


def test_no_static_route_and_undocumented_paths_are_not_found(api):
    for path in ("/static/app.js", "/api/v2/claims", "/api/claims", "/admin", "/debug"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "application/problem+json", path
