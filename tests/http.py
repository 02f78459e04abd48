"""The HTTP side of the test kit: the API client holding the team's tokens, problem+json and
"wrote nothing" checks, and the ledger of statuses the API answered during the session.

Every status a test observes on an /api/v1 operation must be documented for that operation in
/openapi.json. The ledger collects them through the session and the check runs once, at its
end (tests/conftest.py, `status_ledger`), naming a test that saw each undocumented status.
"""
from __future__ import annotations

import copy
import re
from contextlib import contextmanager
from typing import Any

from flask import Flask, request

from casemgmt.api import create_app
from casemgmt.api.limits import EXTENSION as RATE_LIMITS
from casemgmt.api.limits import MemoryLevels
from casemgmt.api.throttle import EXTENSION as UNAUTHENTICATED
from casemgmt.api.vendor_api import RATE_LIMITS as VENDOR_RATE_LIMITS
from casemgmt.api.webhooks import EXTENSION as WEBHOOKS
from casemgmt.web.backend import share_services
from tests.builders import Member, Team, an_intake

API = "/api/v1"
CLAIMS = f"{API}/claims"
PROBLEM_JSON = "application/problem+json"

Observation = tuple[str, str, int]  # (method, OpenAPI path, status)


class Api:
    """The Flask test client with the team's tokens, and shortcuts for the usual requests."""

    def __init__(self, client, services, team: Team):
        self.client, self.services, self.team = client, services, team
        self.observed: set[Observation] = set()

    def get(self, path: str, by: Member | None = None, **kwargs):
        return self.client.get(path, headers=_headers(by, kwargs.pop("headers", None)), **kwargs)

    def post(self, path: str, body: Any = None, by: Member | None = None, *,
             headers: dict[str, str] | None = None, data: bytes | str | None = None):
        if data is not None:
            return self.client.post(path, data=data, content_type="application/json",
                                    headers=_headers(by, headers))
        return self.client.post(path, json=body, headers=_headers(by, headers))

    def items(self, path: str, by: Member | None = None, **query: Any) -> list[dict[str, Any]]:
        """The items of a list page the API answers with 200 (`query` its query string)."""
        response = self.get(path, by, query_string=query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]

    def file_claim(self, by: Member | None = None, **overrides: Any) -> dict[str, Any]:
        response = self.post(CLAIMS, an_intake(**overrides), by or self.team.agent)
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def take(self, claim_id: str, by: Member | None = None) -> dict[str, Any]:
        agent = by or self.team.agent
        response = self.post(f"{CLAIMS}/{claim_id}/assignment", {"assignee": agent.id}, agent)
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def version(self, claim_id: str) -> int:
        """The claim's version as the API reports it now (ETag and body agree)."""
        response = self.get(f"{CLAIMS}/{claim_id}", self.team.supervisor)
        assert response.status_code == 200, response.get_json()
        assert response.headers["ETag"] == f'"{response.get_json()["version"]}"'
        return response.get_json()["version"]

    def last_position(self) -> int:
        """The notification log's last position: it moves with any event of any aggregate."""
        return self.services.casemgmt.recorder.max_notification_id() or 0


def _headers(by: Member | None, extra: dict[str, str] | None) -> dict[str, str]:
    return {**(by.auth if by else {}), **(extra or {})}


def a_problem(response, status: int, type_: str | None = None) -> dict:
    """Assert an RFC 9457 problem with this status (and type, when given); return its body."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == PROBLEM_JSON
    body = response.get_json(force=True)
    assert {"type", "title", "status", "detail"} <= body.keys(), body
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    if type_ is not None:
        assert body["type"] == f"/problems/{type_}", body
    return body


@contextmanager
def writes_nothing(api: Api, claim_id: str | None = None):
    """The block's request leaves the event store as it was (and the claim at its version)."""
    position = api.last_position()
    version = api.version(claim_id) if claim_id else None
    yield
    assert api.last_position() == position, "a refused request stored an event"
    if claim_id:
        assert api.version(claim_id) == version


# -- the Flask app and the statuses it answered ---------------------------------------------

class StatusLedger:
    """Which statuses the API answered on which operation, and a test that saw each."""

    def __init__(self) -> None:
        self.seen: dict[Observation, str] = {}
        self.watching: set[Observation] | None = None
        self.document: dict | None = None

    def serve(self, services) -> Flask:
        """The Flask app around `services`, every /api/ answer noted while a test watches."""
        app = create_app(services=services)
        app.config["TESTING"] = True

        @app.after_request
        def _observe(response):
            if (self.watching is not None and request.url_rule is not None
                    and request.path.startswith("/api/")):
                self.watching.add((request.method.lower(), _template(request.url_rule.rule),
                                   response.status_code))
            return response

        if self.document is None:
            self.document = app.test_client().get("/openapi.json").get_json()
        return app

    @contextmanager
    def watch(self, observed: set[Observation], test: str):
        """Note the statuses answered during the block into `observed`, then into the ledger
        (a test may forgive one it provoked on purpose by discarding it from `observed`)."""
        self.watching = observed
        try:
            yield
        finally:
            self.watching = None
            for observation in observed:
                self.seen.setdefault(observation, test)

    def undocumented(self) -> list[tuple[str, str, int, str]]:
        paths = (self.document or {}).get("paths", {})
        return sorted((method.upper(), path, status, test)
                      for (method, path, status), test in self.seen.items()
                      if str(status) not in paths.get(path, {}).get(method, {})
                      .get("responses", {}))


AS_BUILT = "tests.rate_limits_as_built"
BUCKETS = (RATE_LIMITS, UNAUTHENTICATED, VENDOR_RATE_LIMITS)
WORKSPACE = "casemgmt.web"  # the workspace's own Flask app (casemgmt/web/__init__.py)
SERVICES = "casemgmt"  # where create_app keeps the composed services (casemgmt/api/__init__.py)


def serving(app: Flask, services) -> Flask:
    """The app answering from `services` from now on. Building an app documents the whole API
    anew (about a second), so one app serves each test's fresh store in turn."""
    app.extensions[SERVICES] = services
    app.extensions.pop(WEBHOOKS, None)  # composed again, on first use, from these services
    workspace = app.extensions.get(WORKSPACE)
    if workspace is not None:
        share_services(app, workspace)
    return app


class Stopwatch:
    """A monotonic clock for the rate limits' token buckets that moves only when the test says
    so (`watch.now += 60`)."""

    def __init__(self, now: float = 1_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def with_fresh_rate_limits(app: Flask) -> Flask:
    """Every test starts with full token buckets, as it would in a freshly started process:
    the per-token, per-address (failed authentication) and vendor limits as create_app built
    them (rate, burst, clock), with levels of their own in this process's memory."""
    built = app.extensions.setdefault(AS_BUILT, {name: app.extensions[name] for name in BUCKETS
                                                 if name in app.extensions})
    for name, buckets in built.items():
        fresh = copy.copy(buckets)
        fresh.store = MemoryLevels()
        app.extensions[name] = fresh
    workspace = app.extensions.get(WORKSPACE)
    if workspace is not None and UNAUTHENTICATED in built:  # its sign-in shares the address's
        workspace.extensions[UNAUTHENTICATED] = app.extensions[UNAUTHENTICATED]
    return app


def _template(rule: str) -> str:
    """/api/v1/claims/<claim_id> → /api/v1/claims/{claim_id}, as OpenAPI names the path."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)
