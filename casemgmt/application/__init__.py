"""The application layer: use cases over the event store, one method per thing staff do."""
from __future__ import annotations

from .claims import ClaimUseCases
from .follow_ups import FollowUpUseCases
from .history import HistoryReads
from .staff import StaffUseCases


class Casemgmt(ClaimUseCases, FollowUpUseCases, StaffUseCases, HistoryReads):
    """Every use case of casemgmt over one event store (one notification log for the views)."""


__all__ = ["Casemgmt"]
