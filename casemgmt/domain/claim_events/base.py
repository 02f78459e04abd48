"""The event every claim event is: who (`by`) and when (`at`)."""
from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate


class ClaimEvent(Aggregate.Event):
    by: str
    at: datetime
