"""The application layer: use cases over the event store, one method per thing staff do."""
from __future__ import annotations

from typing import Any

from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.deadline_policy import DeadlinePolicy
from casemgmt.domain.follow_up_policy import FollowUpPolicy

from .claims import ClaimUseCases
from .history import HistoryReads
from .jobs import JobUseCases
from .privacy import PrivacyUseCases
from .staff import AuthCache, StaffUseCases


class Casemgmt(ClaimUseCases, JobUseCases, StaffUseCases, HistoryReads, PrivacyUseCases):
    """Every use case of casemgmt over one event store (one notification log for the views).

    Built by bootstrap.build(), which gives it its storage and, once the views exist, the
    read models and the stores it reads and writes besides the events (`connect`)."""

    def __init__(self, *args: Any, deadline_policy: DeadlinePolicy | None = None,
                 calendar: BusinessCalendar | None = None,
                 follow_up_policy: FollowUpPolicy | None = None, **kwargs: Any):
        self.deadline_policy = deadline_policy or DeadlinePolicy()
        self.calendar = calendar or BusinessCalendar()
        self.follow_up_policy = follow_up_policy or FollowUpPolicy()
        self.auth_cache = AuthCache()
        self.destruction_hooks = []
        super().__init__(*args, **kwargs)

    def connect(self, *, views: Any, idempotency: Any, access_log: Any, shredder: Any,
                remedy_standard: Any, order_approvals: Any) -> None:
        self.views = views
        self.idempotency = idempotency
        self.access_log = access_log
        self.shredder = shredder
        self.remedy_standard = remedy_standard
        self.order_approvals = order_approvals


__all__ = ["Casemgmt"]
