"""Fixtures of the clock's tests: services with an injected FixedClock, a team with tokens, the
API client, and helpers to read the events the clock recorded on a claim.

Every test runs on SQLite and on PostgreSQL (the `settings` and `clock` fixtures of
tests/conftest.py). Any status an /api/v1 operation answered in a test must be documented for
that operation in /openapi.json, or the test fails at teardown.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

import pytest
from flask import request

from casemgmt.api import create_app
from casemgmt.application.clock import KST
from casemgmt.bootstrap import Services, build
from casemgmt.domain.values import Actor, Customer, Order
from tests.api.conftest import Member, Team, a_team_with_tokens  # noqa: F401 (Member re-used)

API = "/api/v1"
ALERT_EVENTS = frozenset({"FirstResponseOverdue", "FactCheckOverdue", "ResolutionOverdue",
                          "AgencyDeadlineMissed", "AgencyDeadlineApproaching"})


def kst(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
        microsecond: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=KST)


def end_of_day(year: int, month: int, day: int) -> datetime:
    """The last instant of a Seoul day, as statutory periods end (민법 제159조)."""
    return kst(year, month, day, 23, 59, 59, 999_999)


a_team = a_team_with_tokens  # the API tests' team: same people, same tokens


def a_customer(customer_id: str = "C-1001", **overrides: Any) -> Customer:
    values = dict(id=customer_id, name="김민수", phone="010-1234-5678", email="kim@example.com",
                  tier="regular", vulnerable=[])
    values.update(overrides)
    return Customer(**values)


class Desk:
    """The agent's desk at the application level: quick ways to bring claims into a state.

    Every step happens at the clock's current time; move the clock between steps.
    """

    def __init__(self, services: Services, team: Team):
        self.app = services.casemgmt
        self.team = team

    @property
    def agent(self) -> Actor:
        return self.team.agent.actor

    def file(self, customer: str = "C-1001", *, category: str = "merchant_service",
             channel: str = "phone", received_at: datetime | None = None, **customer_fields) -> str:
        claim = self.app.file_claim(
            self.agent, channel=channel, category=category,
            customer=a_customer(customer, **customer_fields),
            order=Order(id="O-77", merchant_id="M-9", amount_krw=89_000),
            summary="레스토랑 이용권: 두 번 방문했는데 모두 휴업", received_at=received_at)
        return str(claim.id)

    def take(self, claim_id: str) -> None:
        self.app.assign(self.agent, claim_id, self.agent.id)

    def respond(self, claim_id: str, message: str = "불편을 드려 죄송합니다.") -> None:
        self.app.respond(self.agent, claim_id, message, "phone")

    def file_and_respond(self, customer: str = "C-1001", **kwargs) -> str:
        claim_id = self.file(customer, **kwargs)
        self.take(claim_id)
        self.respond(claim_id)
        return claim_id

    def close(self, claim_id: str) -> None:
        self.app.close_claim(self.agent, claim_id, resolution="resolved", summary="쿠폰 지급")

    def reopen(self, claim_id: str) -> None:
        self.app.reopen(self.agent, claim_id, "고객이 다시 연락: 쿠폰이 오지 않음")

    def satisfaction(self, claim_id: str, score: int) -> None:
        self.app.record_satisfaction(self.agent, claim_id, score=score, via="happy_call")


def event_types(services: Services, claim_id: str) -> list[str]:
    """The claim's stored events by type, oldest first (read from the store, not a cache)."""
    return [type(e).__name__ for e in services.casemgmt.events.get(UUID(str(claim_id)))]


def alerts_on(services: Services, claim_id: str) -> list[tuple[str, str, datetime]]:
    """(event type, deadline, due_at) of every deadline alert stored on the claim."""
    return [(type(e).__name__, e.deadline, e.due_at)
            for e in services.casemgmt.events.get(UUID(str(claim_id)))
            if type(e).__name__ in ALERT_EVENTS]


class Api:
    def __init__(self, client, services: Services, team: Team):
        self.client, self.services, self.team = client, services, team
        self.observed: set[tuple[str, str, int]] = set()

    def get(self, path: str, by: Member | None = None, **kwargs):
        return self.client.get(API + path, headers=by.auth if by else {}, **kwargs)

    def post(self, path: str, body: Any = None, by: Member | None = None):
        return self.client.post(API + path, json=body, headers=by.auth if by else {})


@pytest.fixture
def services(settings, clock):
    # The clock travels months and years here; staff tokens (90 days by default) must not
    # expire on the way.
    composed = build(replace(settings, token_ttl_days=3650), clock=clock)
    yield composed
    composed.close()


@pytest.fixture
def team(services) -> Team:
    return a_team(services)


@pytest.fixture
def desk(services, team) -> Desk:
    return Desk(services, team)


@pytest.fixture
def api(services, team):
    app = create_app(services=services)
    app.config["TESTING"] = True
    client = Api(app.test_client(), services, team)

    @app.after_request
    def _observe(response):
        if request.url_rule is not None and request.path.startswith("/api/"):
            rule = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", request.url_rule.rule)
            client.observed.add((request.method.lower(), rule, response.status_code))
        return response

    yield client
    paths = app.test_client().get("/openapi.json").get_json()["paths"]
    missing = sorted((m.upper(), p, s) for m, p, s in client.observed
                     if str(s) not in paths.get(p, {}).get(m, {}).get("responses", {}))
    assert not missing, f"statuses answered but not in /openapi.json: {missing}"
