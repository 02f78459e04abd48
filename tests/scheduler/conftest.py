"""Fixtures of the clock's tests: settings whose tokens outlive a clock that travels years, an
agent's desk to bring claims into a state quickly, and the alerts the clock recorded.

The jobs (the deadline sweep, happy calls, Surprise & Delight, retention) look at every claim in
the store, so their modules override `services` with `fresh_services`.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from uuid import UUID

import pytest

from casemgmt.bootstrap import Services
from casemgmt.domain.values import Actor, Order
from tests.builders import SUMMARY, Team, a_customer

ALERT_EVENTS = frozenset({"FirstResponseOverdue", "FactCheckOverdue", "ResolutionOverdue",
                          "AgencyDeadlineMissed", "AgencyDeadlineApproaching"})


@pytest.fixture
def settings(settings):
    # The clock travels months and years here; staff tokens (90 days by default) must not
    # expire on the way.
    return replace(settings, token_ttl_days=3650)


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
            customer=a_customer(id=customer, **customer_fields),
            order=Order(id="O-77", merchant_id="M-9", amount_krw=89_000),
            summary=SUMMARY, received_at=received_at)
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


@pytest.fixture
def desk(services, team) -> Desk:
    return Desk(services, team)


def event_types(services: Services, claim_id: str) -> list[str]:
    """The claim's stored events by type, oldest first (read from the store, not a cache)."""
    return [type(e).__name__ for e in services.casemgmt.events.get(UUID(str(claim_id)))]


def alerts_on(services: Services, claim_id: str) -> list[tuple[str, str, datetime]]:
    """(event type, deadline, due_at) of every deadline alert stored on the claim."""
    return [(type(e).__name__, e.deadline, e.due_at)
            for e in services.casemgmt.events.get(UUID(str(claim_id)))
            if type(e).__name__ in ALERT_EVENTS]
