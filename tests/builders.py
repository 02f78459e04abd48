"""Builders for memorable test data: a small team and claims in well-known states."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casemgmt.application import Casemgmt
from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Actor, Customer, Order


FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Team:
    agent: Actor          # tier-2 agent, may grant up to 30,000 won
    other_agent: Actor
    supervisor: Actor     # may approve up to 500,000 won
    senior: Actor         # a second supervisor with a larger limit
    auditor: Actor
    scheduler: Actor
    admin: Actor


def a_team(app: Casemgmt) -> Team:
    def member(name: str, role: str, limit: int = 0) -> Actor:
        staff, _ = app.add_staff(name, role, limit)
        return staff.as_actor()

    return Team(
        agent=member("박지은", "agent", 30_000),
        other_agent=member("최서준", "agent", 30_000),
        supervisor=member("이영희", "supervisor", 500_000),
        senior=member("정하늘", "supervisor", 2_000_000),
        auditor=member("감사원", "auditor"),
        scheduler=member("scheduler", "scheduler"),
        admin=member("admin", "admin"),
    )


def a_customer(**overrides) -> Customer:
    values = dict(id="C-1001", name="김민수", phone="010-1234-5678", email="kim@example.com",
                  tier="regular", vulnerable=[])
    values.update(overrides)
    return Customer(**values)


def a_filed_claim(app: Casemgmt, by: Actor, *, customer: Customer | None = None,
                  category: str = "merchant_service", channel: str = "phone",
                  order: Order | None = None) -> Claim:
    """The voucher buyer who took his parents to a restaurant that was closed, twice."""
    return app.file_claim(
        by, channel=channel, category=category, customer=customer or a_customer(),
        order=order or Order(id="O-77", merchant_id="M-9", amount_krw=89_000),
        summary="레스토랑 이용권: 두 번 방문했는데 모두 휴업",
        description="부모님을 모시고 두 번 갔는데 두 번 다 문이 닫혀 있었습니다.")


def a_claim_in_hand(app: Casemgmt, agent: Actor, **kwargs) -> Claim:
    """A filed claim the agent has taken."""
    claim = a_filed_claim(app, agent, **kwargs)
    return app.assign(agent, claim.id, agent.id)


def a_responded_claim(app: Casemgmt, agent: Actor, **kwargs) -> Claim:
    claim = a_claim_in_hand(app, agent, **kwargs)
    return app.respond(agent, claim.id, "불편을 드려 죄송합니다. 확인 후 연락드리겠습니다.", "phone")
