"""Composition root: build(settings) wires the application, the database, the stores and views."""
from __future__ import annotations

from dataclasses import dataclass, field

from casemgmt.application import Casemgmt
from casemgmt.application.clock import Clock
from casemgmt.config import Settings
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.deadlines import DeadlinePolicy
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.idempotency import IdempotencyStore
from casemgmt.infrastructure.migrations import Migration, migrate
from casemgmt.projections.audit_trail import AuditTrailView
from casemgmt.projections.authority_ledger import AuthorityLedgerView
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

    def close(self) -> None:
        self.casemgmt.close()
        self.db.close()


def build(settings: Settings | None = None, *, clock: Clock | None = None,
          deadline_policy: DeadlinePolicy | None = None,
          calendar: BusinessCalendar | None = None) -> Services:
    settings = settings or Settings.from_env()
    casemgmt = Casemgmt(settings, clock=clock)  # creates the event tables if missing
    db = Database(settings)
    applied = migrate(db, settings.migrations_dir)
    policy = deadline_policy or DeadlinePolicy()
    calendar = calendar or BusinessCalendar()
    views = [WorkQueueView(policy, calendar), AuditTrailView(), AuthorityLedgerView()]
    return Services(settings=settings, casemgmt=casemgmt, db=db, idempotency=IdempotencyStore(db),
                    deadline_policy=policy, calendar=calendar,
                    projections=ProjectionRunner(casemgmt, db, views), applied_migrations=applied)
