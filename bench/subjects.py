"""The two things measured: casemgmt's application layer, and the bare library beside it.

Both file a complaint (one new aggregate, one event) and run commands on existing ones
(load from the store, one new event, save). casemgmt adds its rules, authority and access
checks, its transcodings and mapper, snapshots every 50 events and its version checks;
the raw application is eventsourcing's defaults on the same persistence settings.
"""
from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from casemgmt.bootstrap import build
from casemgmt.application.clock import KST
from casemgmt.config import Settings
from casemgmt.domain.values import Customer, Order


class Ticket(Aggregate):
    """A complaint as the bare library would keep it: a few fields and one command."""

    @event("Opened")
    def __init__(self, channel: str, category: str, customer_id: str, customer_name: str,
                 summary: str, received_at: datetime):
        self.channel = channel
        self.category = category
        self.customer_id = customer_id
        self.customer_name = customer_name
        self.summary = summary
        self.received_at = received_at
        self.notes: list[str] = []

    @event("Noted")
    def note(self, text: str, by: str, at: datetime) -> None:
        self.notes.append(text)


class RawBench(Application):
    """A plain eventsourcing application (its tables: rawbench_events / stored_events)."""


class RawSubject:
    label = "raw eventsourcing"

    def __init__(self, url: str):
        # The very persistence settings casemgmt derives from the same kind of URL.
        self.app = RawBench(env=Settings(database_url=url).eventsourcing_env())

    def file(self, i: int) -> UUID:
        ticket = Ticket(channel="phone", category="merchant_service", customer_id=f"C-{i}",
                        customer_name="김민수", summary="레스토랑 이용권: 두 번 방문했는데 모두 휴업",
                        received_at=datetime.now(KST))
        self.app.save(ticket)
        return ticket.id

    def command(self, claim_id: UUID, i: int) -> None:
        ticket = self.app.repository.get(claim_id)
        ticket.note(f"통화 메모 {i}", by="staff", at=datetime.now(KST))
        self.app.save(ticket)

    def close(self) -> None:
        self.app.close()


class CasemgmtSubject:
    label = "casemgmt"

    def __init__(self, url: str):
        self.app = build(Settings(database_url=url)).casemgmt
        agent, _ = self.app.add_staff("박지은", "agent", 30_000)
        supervisor, _ = self.app.add_staff("이영희", "supervisor", 500_000)
        self.agent = agent.as_actor()
        self.supervisor = supervisor.as_actor()

    def file(self, i: int) -> UUID:
        claim = self.app.file_claim(
            self.agent, channel="phone", category="merchant_service",
            customer=Customer(id=f"C-{i}", name="김민수", phone="010-1234-5678", tier="regular"),
            order=Order(id=f"O-{i}", merchant_id="M-9", amount_krw=89_000),
            summary="레스토랑 이용권: 두 번 방문했는데 모두 휴업",
            description="부모님을 모시고 두 번 갔는데 두 번 다 문이 닫혀 있었습니다.")
        return claim.id

    def command(self, claim_id: UUID, i: int) -> None:
        # Notes and responses in turn: load, check the rules, append one event, save.
        if i % 2:
            self.app.respond(self.supervisor, claim_id, f"안내드립니다 {i}", "phone")
        else:
            self.app.add_note(self.supervisor, claim_id, f"통화 메모 {i}")

    def close(self) -> None:
        self.app.close()


SUBJECTS = (CasemgmtSubject, RawSubject)
