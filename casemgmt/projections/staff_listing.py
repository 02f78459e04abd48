"""Listing staff (to pick an assignee whose id you do not know), a page at a time."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from casemgmt.infrastructure.database import Database

from .staff_query import staff_page


class StaffDirectory:
    def __init__(self, db: Database, app: Any):
        self.db = db
        self.app = app  # the Casemgmt application: clock, token lifetime, staff aggregates

    def page(self, *, role: str | None = None, active: bool | None = None,
             after: tuple[datetime, str] | None = None,
             limit: int = 50) -> tuple[list[dict[str, Any]], tuple[datetime, str] | None]:
        """Staff in order of registration with their names, and the next page's key."""
        rows = staff_page(self.db, role=role, active=active, now=self.app.clock.now(),
                          token_ttl=self.app.token_ttl, after=after, limit=limit + 1)
        shown = rows[:limit]
        # Names live in the staff aggregates only (the view keeps none): one read per row.
        items = [{**{k: v for k, v in asdict(row).items() if k != "registered_at"},
                  "name": self.app.get_staff(row.id).name} for row in shown]
        last = (shown[-1].registered_at, shown[-1].id) if len(rows) > limit else None
        return items, last
