"""Deadline alerts the clock records on a claim: each missed or approaching deadline once.

The claim remembers which (deadline, due time) pairs it has been alerted for, so a sweep
that runs twice, from two schedulers at once or after downtime records nothing twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


OVERDUE, APPROACHING = "overdue", "approaching"
AGENCY_CLOCKS = ("relief", "mediation_decision", "acceptance")


@dataclass
class DeadlineAlert:
    kind: str          # overdue | approaching
    deadline: str      # e.g. first_response, fact_check:fc-1, relief:e-1
    due_at: datetime
    at: datetime

    @property
    def key(self) -> tuple[str, str, str]:
        return self.kind, self.deadline, self.due_at.isoformat()


def event_name(kind: str, deadline: str) -> str:
    """The event type that records this alert, named as the team would say it."""
    clock = deadline.split(":", 1)[0]
    if clock in AGENCY_CLOCKS:
        return "AgencyDeadlineApproaching" if kind == APPROACHING else "AgencyDeadlineMissed"
    if kind == APPROACHING:
        raise ValueError(f"only agency deadlines get an approaching alert, not {deadline}")
    return {"first_response": "FirstResponseOverdue", "resolution": "ResolutionOverdue",
            "fact_check": "FactCheckOverdue"}[clock]
