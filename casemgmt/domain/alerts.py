"""Deadline alerts the clock records on a claim: each missed or approaching deadline once.

The claim remembers which (deadline, due time) pairs it has been alerted for, so a sweep
that runs twice, from two schedulers at once or after downtime records nothing twice.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .errors import NotPermitted
from .values import Actor, Role

OVERDUE, APPROACHING = "overdue", "approaching"
SYSTEM_ROLES = frozenset({Role.SCHEDULER, Role.ADMIN})
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


class DeadlineAlerts:
    """Mixed into Claim: the public command; the @event methods live on Claim itself."""

    alerts: list[DeadlineAlert]

    def record_deadline_alert(self, kind: str, deadline: str, due_at: datetime, *, by: Actor,
                              at: datetime) -> bool:
        """Record the alert unless it was recorded already; returns whether it was new."""
        if by.role not in SYSTEM_ROLES:
            raise NotPermitted("alert.system_only", "deadline alerts are recorded by the clock")
        if (kind, deadline, due_at.isoformat()) in {a.key for a in self.alerts}:
            return False
        recorder = getattr(self, "_" + _snake(event_name(kind, deadline)))
        recorder(deadline=deadline, due_at=due_at, by=by.id, at=at)
        return True

    def apply_alert(self, kind: str, deadline: str, due_at: datetime, at: datetime) -> None:
        self.alerts.append(DeadlineAlert(kind=kind, deadline=deadline, due_at=due_at, at=at))

    @property
    def missed_deadlines(self) -> list[str]:
        return sorted({a.deadline for a in self.alerts if a.kind == OVERDUE})


def _snake(name: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name).lstrip("_")
