"""Composition root: build(settings) wires the application, the database and the stores."""
from __future__ import annotations

from dataclasses import dataclass

from casemgmt.application import Casemgmt
from casemgmt.application.clock import Clock
from casemgmt.config import Settings
from casemgmt.domain.deadlines import DeadlinePolicy
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.idempotency import IdempotencyStore
from casemgmt.infrastructure.migrations import migrate


@dataclass
class Services:
    settings: Settings
    casemgmt: Casemgmt
    db: Database
    idempotency: IdempotencyStore
    deadline_policy: DeadlinePolicy

    def close(self) -> None:
        self.casemgmt.close()
        self.db.close()


def build(settings: Settings | None = None, *, clock: Clock | None = None,
          run_migrations: bool = True) -> Services:
    settings = settings or Settings.from_env()
    casemgmt = Casemgmt(settings, clock=clock)  # creates the event tables if missing
    db = Database(settings)
    if run_migrations:
        migrate(db, settings.migrations_dir)
    return Services(settings=settings, casemgmt=casemgmt, db=db, idempotency=IdempotencyStore(db),
                    deadline_policy=DeadlinePolicy())
