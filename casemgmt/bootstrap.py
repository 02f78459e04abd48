"""Composition root: build(settings) wires the application, the database, the stores and views."""
from __future__ import annotations

from dataclasses import dataclass, field

from casemgmt.application import Casemgmt
from casemgmt.application.clock import Clock
from casemgmt.config import Settings
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.deadlines import DeadlinePolicy
from casemgmt.infrastructure.access_log import AccessLogStore
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sealing import Sealer
from casemgmt.infrastructure.idempotency import IdempotencyStore
from casemgmt.infrastructure.migrations import Migration
from casemgmt.projections.audit_trail import AuditTrailView
from casemgmt.projections.authority_ledger import AuthorityLedgerView
from casemgmt.projections.customer_views import customer_views
from casemgmt.projections.runner import ProjectionRunner
from casemgmt.projections.work_queue import WorkQueueView


@dataclass
class Services:
    settings: Settings
    casemgmt: Casemgmt
    db: Database
    idempotency: IdempotencyStore
    deadline_policy: DeadlinePolicy
    calendar: BusinessCalendar
    projections: ProjectionRunner
    applied_migrations: list[Migration] = field(default_factory=list)
    access_log: AccessLogStore = field(init=False)

    def __post_init__(self) -> None:
        self.access_log = AccessLogStore(self.db)

    def close(self) -> None:
        self.casemgmt.close()


def build(settings: Settings | None = None, *, clock: Clock | None = None,
          deadline_policy: DeadlinePolicy | None = None,
          calendar: BusinessCalendar | None = None) -> Services:
    settings = settings or Settings.from_env()
    casemgmt = Casemgmt(settings, clock=clock)  # creates the event and own tables if missing
    db = casemgmt.db
    applied = casemgmt.applied_migrations
    policy = deadline_policy or DeadlinePolicy()
    calendar = calendar or BusinessCalendar()
    views = [WorkQueueView(policy, calendar, Sealer(casemgmt.keys)), AuditTrailView(),
             AuthorityLedgerView(), *customer_views(casemgmt)]
    idempotency = IdempotencyStore(db, master_key_b64=settings.cipher_key)
    return Services(settings=settings, casemgmt=casemgmt, db=db, idempotency=idempotency,
                    deadline_policy=policy, calendar=calendar,
                    projections=ProjectionRunner(casemgmt, db, views), applied_migrations=applied)
