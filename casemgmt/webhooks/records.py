"""The records webhooks work with: a subscription, a delivery, and one try's outcome."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ACTIVE, PAUSED = "active", "paused"
PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
STATUSES = (PENDING, DELIVERED, FAILED)
PAUSED_BY_ADMIN = "paused by an admin"


@dataclass(frozen=True)
class Subscription:
    id: str
    url: str
    events: list[str]
    description: str
    state: str
    paused_reason: str | None
    consecutive_failures: int
    position: int
    created_by: str
    created_at: datetime
    changed_at: datetime


@dataclass(frozen=True)
class Delivery:
    """A delivery as operators list it: where it stands, never its body's personal data
    (it has none) nor the receiver's answer (which might)."""

    subscription_id: str
    position: int
    claim_id: str
    event_type: str
    status: str
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: datetime | None
    created_at: datetime


@dataclass(frozen=True)
class NewDelivery:
    subscription_id: str
    position: int
    claim_id: str
    event_type: str
    payload: str


@dataclass(frozen=True)
class Leased:
    """A delivery a runner holds the lease of, with what it needs to send it."""

    subscription_id: str
    position: int
    claim_id: str
    url: str
    payload: str
    attempts: int
    first_attempt_at: datetime | None


@dataclass(frozen=True)
class Attempt:
    """What one try got back: a 2xx delivers; anything else, or no answer, is a failure."""

    status_code: int | None
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


@dataclass(frozen=True)
class Outcome:
    """What to record for a leased delivery after a try (or after it was not tried)."""

    delivery: Leased
    attempt: Attempt | None            # None: released untried (an earlier one failed)
    at: datetime
    next_attempt_at: datetime | None   # a failed try: when to retry; None then means failed


@dataclass(frozen=True)
class LoggedEvent:
    """A claim event as read from the notification log (personal fields still sealed)."""

    position: int
    type_name: str
    claim_id: str
    version: int
    occurred_at: datetime | None
    fields: dict | None  # None when the stored event no longer decodes: it is sent all the same
