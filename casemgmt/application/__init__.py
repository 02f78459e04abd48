"""The application layer: use cases over the event store, one method per thing staff do."""
from __future__ import annotations

from .claims import ClaimUseCases
from .history import HistoryReads
from .staff import StaffUseCases


class Casemgmt(ClaimUseCases, StaffUseCases, HistoryReads):
    """Every use case of casemgmt over one event store (one notification log for the views)."""


__all__ = ["Casemgmt"]
