"""Deadline alerts the clock records: one apply, a subclass a deadline kind."""
from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from ..alerts import APPROACHING, OVERDUE, DeadlineAlert
from .base import ClaimEvent


class DeadlineAlerted(ClaimEvent):
    """One apply for every alert the clock records; the subclass names the deadline kind."""

    kind: ClassVar[str] = OVERDUE
    deadline: str
    due_at: datetime

    def apply(self, claim: Any) -> None:
        claim.alerts.append(DeadlineAlert(self.kind, self.deadline, self.due_at, self.at))


class FirstResponseOverdue(DeadlineAlerted):
    pass


class FactCheckOverdue(DeadlineAlerted):
    pass


class ResolutionOverdue(DeadlineAlerted):
    pass


class AgencyDeadlineMissed(DeadlineAlerted):
    pass


class AgencyDeadlineApproaching(DeadlineAlerted):
    kind: ClassVar[str] = APPROACHING


ALERTS: dict[str, type[DeadlineAlerted]] = {
    cls.__name__: cls for cls in (FirstResponseOverdue, FactCheckOverdue, ResolutionOverdue,
                                  AgencyDeadlineMissed, AgencyDeadlineApproaching)}
