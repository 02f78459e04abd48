"""Fixtures of the API tests: the Flask app on each backend, a team holding tokens, HTTP helpers.

Every test that asks for `api` runs once on SQLite and once on PostgreSQL. After the test, each
status code it observed on an /api/v1 operation must be documented for that operation in
/openapi.json: a test that sees an undocumented status fails at teardown.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

import pytest
from flask import request

from casemgmt.api import create_app
from casemgmt.bootstrap import Services, build
from casemgmt.domain.values import Actor

CLAIMS = "/api/v1/claims"


@dataclass(frozen=True)
class Member:
    """A staff member as a client sees them: an id, a bearer token, and the actor behind them."""

    id: str
    token: str
    actor: Actor

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class Team:
    agent: Member        # may grant up to 30,000 won on a regular customer's claim
    other_agent: Member
    supervisor: Member   # may approve up to 500,000 won
    senior: Member       # a second supervisor with a larger limit
    auditor: Member
    scheduler: Member
    admin: Member

    def members(self) -> list[Member]:
        return [getattr(self, f.name) for f in fields(self)]


def a_team_with_tokens(services: Services) -> Team:
    def member(name: str, role: str, limit: int = 0) -> Member:
        staff, token = services.casemgmt.add_staff(name, role, limit)
        return Member(id=str(staff.id), token=token, actor=staff.as_actor())

    return Team(
        agent=member("박지은", "agent", 30_000),
        other_agent=member("최서준", "agent", 30_000),
        supervisor=member("이영희", "supervisor", 500_000),
        senior=member("정하늘", "supervisor", 2_000_000),
        auditor=member("감사원", "auditor"),
        scheduler=member("scheduler", "scheduler"),
        admin=member("admin", "admin"),
    )


def an_intake(**overrides: Any) -> dict[str, Any]:
    """The voucher buyer who took his parents to a restaurant that was closed, twice."""
    body = {
        "channel": "phone", "category": "merchant_service",
        "customer": {"id": "C-1001", "name": "김민수", "phone": "010-1234-5678",
                     "email": "kim@example.com", "tier": "regular", "vulnerable": []},
        "order": {"id": "O-77", "merchant_id": "M-9", "amount_krw": 89_000},
        "summary": "레스토랑 이용권: 두 번 방문했는데 모두 휴업",
        "description": "부모님을 모시고 두 번 갔는데 두 번 다 문이 닫혀 있었습니다.",
    }
    body.update(overrides)
    return body


class Api:
    """The Flask test client with the team's tokens, and shortcuts for the usual requests."""

    def __init__(self, client, services: Services, team: Team):
        self.client, self.services, self.team = client, services, team
        self.observed: set[tuple[str, str, int]] = set()

    def get(self, path: str, by: Member | None = None, **kwargs):
        return self.client.get(path, headers=_headers(by, kwargs.pop("headers", None)), **kwargs)

    def post(self, path: str, body: Any = None, by: Member | None = None, *,
             headers: dict[str, str] | None = None, data: bytes | str | None = None):
        if data is not None:
            return self.client.post(path, data=data, content_type="application/json",
                                    headers=_headers(by, headers))
        return self.client.post(path, json=body, headers=_headers(by, headers))

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


@pytest.fixture
def services(settings, clock):
    composed = build(settings, clock=clock)
    yield composed
    composed.close()


@pytest.fixture
def team(services) -> Team:
    return a_team_with_tokens(services)


@pytest.fixture
def api(services, team):
    app = create_app(services=services)
    app.config["TESTING"] = True
    client = Api(app.test_client(), services, team)

    @app.after_request
    def _observe(response):
        if request.url_rule is not None and request.path.startswith("/api/"):
            client.observed.add((request.method.lower(), _template(request.url_rule.rule),
                                 response.status_code))
        return response

    yield client
    _assert_documented(app, client.observed)


def _template(rule: str) -> str:
    """/api/v1/claims/<claim_id> → /api/v1/claims/{claim_id}, as OpenAPI names the path."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _assert_documented(app, observed: set[tuple[str, str, int]]) -> None:
    paths = app.test_client().get("/openapi.json").get_json()["paths"]
    missing = sorted((method.upper(), path, status) for method, path, status in observed
                     if str(status) not in paths.get(path, {}).get(method, {}).get("responses", {}))
    assert not missing, f"statuses answered but not in /openapi.json: {missing}"
