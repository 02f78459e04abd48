"""Builders for memorable test data: moments in Seoul, the team, customers, intakes and claims.

One story runs through the suite: on Friday 2026-11-20 at 10:00 in Seoul, 김민수 calls about a
restaurant voucher; he took his parents there twice and found it closed both times. The same
seven staff handle every claim. On the aggregate alone (tests/domain) they are `AGENT`,
`SUPERVISOR`, ... with fixed ids; on a database they are a registered `Team` whose members carry
an id, a token and the actor behind them.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from casemgmt.application.clock import KST
from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Actor, Customer, Order, Role

FIXTURES = Path(__file__).parent / "fixtures"  # data files written by earlier releases


# -- moments ---------------------------------------------------------------------------------

def kst(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
        microsecond: int = 0) -> datetime:
    """A moment in Seoul (UTC+9, no daylight saving)."""
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=KST)


def end_of_day(year: int, month: int, day: int) -> datetime:
    """The last instant of a Seoul day, as statutory periods end (민법 제159조)."""
    return kst(year, month, day, 23, 59, 59, 999_999)


NOW = kst(2026, 11, 20, 10)  # a Friday: where every test's clock starts


# -- people ----------------------------------------------------------------------------------

#: The team by position: (name, role, authority limit in won).
POSITIONS: dict[str, tuple[str, Role, int]] = {
    "agent": ("박지은", Role.AGENT, 30_000),              # grants up to 30,000 won herself
    "other_agent": ("최서준", Role.AGENT, 30_000),
    "supervisor": ("이영희", Role.SUPERVISOR, 500_000),   # approves up to 500,000 won
    "senior": ("정하늘", Role.SUPERVISOR, 2_000_000),     # a second supervisor, a larger limit
    "auditor": ("감사원", Role.AUDITOR, 0),
    "scheduler": ("scheduler", Role.SCHEDULER, 0),
    "admin": ("admin", Role.ADMIN, 0),
}


def on_paper(position: str) -> Actor:
    """The member at `position` as the rules see them, with a fixed id and no database."""
    name, role, limit = POSITIONS[position]
    return Actor(id=f"{position}-1", role=role, authority_limit=limit, name=name)


STAFF: dict[str, Actor] = {position: on_paper(position) for position in POSITIONS}
AGENT, OTHER_AGENT, SUPERVISOR, SENIOR = (STAFF[p] for p in ("agent", "other_agent",
                                                              "supervisor", "senior"))
AUDITOR, SCHEDULER, ADMIN = STAFF["auditor"], STAFF["scheduler"], STAFF["admin"]
READ_ONLY = ["auditor", "scheduler", "admin"]   # positions that change no claim


@dataclass(frozen=True)
class Member:
    """A registered staff member: their id, the actor the rules see and a bearer token."""

    id: str
    actor: Actor
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class Team:
    agent: Member
    other_agent: Member
    supervisor: Member
    senior: Member
    auditor: Member
    scheduler: Member
    admin: Member

    def members(self) -> list[Member]:
        return [getattr(self, f.name) for f in fields(self)]


def a_member(app, name: str, role: str, limit: int = 0) -> Member:
    """Register someone new (with a token issued now by the application's clock)."""
    staff, token = app.add_staff(name, role, limit)
    return Member(id=str(staff.id), actor=staff.as_actor(), token=token)


def a_team(app) -> Team:
    """Register the seven, each with a token."""
    return Team(**{position: a_member(app, name, role, limit)
                   for position, (name, role, limit) in POSITIONS.items()})


# -- customers, orders and intakes -----------------------------------------------------------

def a_customer(**overrides: Any) -> Customer:
    values = dict(id="C-1001", name="김민수", phone="010-1234-5678", email="kim@example.com",
                  tier="regular", vulnerable=[])
    values.update(overrides)
    return Customer(**values)


VOUCHER_ORDER = Order(id="O-77", merchant_id="M-9", amount_krw=89_000)


def an_order_of_its_own() -> Order:
    """The voucher order under an id no other test uses: on a shared store, a payment another
    test approved on O-77 would hold this test's decisions for a supervisor."""
    return replace(VOUCHER_ORDER, id=f"O-{uuid.uuid4().hex[:12]}")
SUMMARY = "레스토랑 이용권: 두 번 방문했는데 모두 휴업"
DESCRIPTION = "부모님을 모시고 두 번 갔는데 두 번 다 문이 닫혀 있었습니다."
APOLOGY = "불편을 드려 죄송합니다. 확인 후 연락드리겠습니다."


def an_intake(customer_id: str = "C-1001", **overrides: Any) -> dict[str, Any]:
    """The voucher buyer's claim as a client posts it to /api/v1/claims."""
    body = {
        "channel": "phone", "category": "merchant_service",
        "customer": {"id": customer_id, "name": "김민수", "phone": "010-1234-5678",
                     "email": "kim@example.com", "tier": "regular", "vulnerable": []},
        "order": {"id": "O-77", "merchant_id": "M-9", "amount_krw": 89_000},
        "summary": SUMMARY, "description": DESCRIPTION,
    }
    body.update(overrides)
    return body


# -- claims on the aggregate alone (tests/domain) ---------------------------------------------

POLICY = AuthorityPolicy()


def a_claim(*, customer: Customer | None = None, category: str = "merchant_service",
            channel: str = "phone", order: Order | None = VOUCHER_ORDER,
            received_at: datetime | None = None, filed_by: Actor = AGENT,
            held_by: Actor | None = None, responded_by: Actor | None = None,
            closed_by: Actor | None = None, at: datetime = NOW, summary: str = SUMMARY,
            description: str | None = DESCRIPTION) -> Claim:
    """The voucher buyer's claim, filed and then as far along as asked: held by someone,
    answered, closed. An agent who answers or closes holds the claim first.

    The claim's events stay pending, so that `replayed(claim)` can rebuild it; a test of a
    refusal collects them (`claim.collect_events()`) before it acts."""
    claim = Claim.file(channel=channel, category=category, customer=customer or a_customer(),
                       order=order, summary=summary, description=description,
                       received_at=received_at, by=filed_by, at=at)
    responded_by = responded_by or closed_by
    if held_by is None and responded_by is not None and responded_by.role == Role.AGENT:
        held_by = responded_by
    if held_by is not None:
        claim.assign(held_by, by=held_by if held_by.role == Role.AGENT else SUPERVISOR, at=at)
    if responded_by is not None:
        claim.respond(APOLOGY, "phone", by=responded_by, at=at)
    if closed_by is not None:
        claim.close("resolved", "전액 환불", by=closed_by, at=at)
    return claim


def replayed(claim: Claim) -> Claim:
    """The claim rebuilt from every event it recorded, as a load from storage rebuilds it."""
    events = claim.collect_events()
    assert events and events[0].originator_version == 1, \
        "replayed() needs the claim's whole history: collect no events before it"
    rebuilt = None
    for event in events:
        rebuilt = event.mutate(rebuilt)
    return rebuilt


def event_names(events: list) -> list[str]:
    return [type(event).__name__ for event in events]


# -- claims through the application ----------------------------------------------------------

def a_filed_claim(app, by: Actor, *, customer: Customer | None = None,
                  category: str = "merchant_service", channel: str = "phone",
                  order: Order | None = None) -> Claim:
    """The voucher buyer's claim, filed through the application (on order O-77 unless told:
    a second payment on one order is held for a supervisor)."""
    return app.file_claim(by, channel=channel, category=category,
                          customer=customer or a_customer(), order=order or VOUCHER_ORDER,
                          summary=SUMMARY, description=DESCRIPTION)


def a_claim_in_hand(app, agent: Actor, **kwargs: Any) -> Claim:
    """A filed claim the agent has taken."""
    claim = a_filed_claim(app, agent, **kwargs)
    return app.assign(agent, claim.id, agent.id)


def a_responded_claim(app, agent: Actor, **kwargs: Any) -> Claim:
    claim = a_claim_in_hand(app, agent, **kwargs)
    return app.respond(agent, claim.id, APOLOGY, "phone")
