"""Webhook use cases for admins: subscribe, look, pause, resume, delete, redeliver."""
from __future__ import annotations

import uuid
from datetime import datetime
from typing import Callable, Protocol

from casemgmt.domain.access import may
from casemgmt.domain.errors import InvalidCommand, NotPermitted
from casemgmt.domain.values import Actor
from casemgmt.webhooks import payloads
from casemgmt.webhooks.addresses import RefusedUrl
from casemgmt.webhooks.records import (
    ACTIVE, PAUSED, PAUSED_BY_ADMIN, STATUSES, Delivery, Subscription,
)
from casemgmt.webhooks.signing import new_secret

from .errors import ApplicationError


class WebhookNotFound(ApplicationError):
    """Raised when no webhook subscription has the given id."""


class Subscriptions(Protocol):
    def add(self, subscription: Subscription, secret: str) -> None: ...
    def get(self, subscription_id: str) -> Subscription | None: ...
    def all(self) -> list[Subscription]: ...
    def remove(self, subscription_id: str) -> bool: ...
    def change_state(self, subscription_id: str, state: str, reason: str | None,
                     at: datetime) -> Subscription | None: ...


class Deliveries(Protocol):
    def listing(self, subscription_id: str, status: str | None, after: int,
                limit: int) -> list[Delivery]: ...
    def redeliver(self, subscription_id: str, from_position: int, now: datetime) -> int: ...
    def health(self) -> dict[str, dict[str, object]]: ...


class WebhookDesk:
    def __init__(self, subscriptions: Subscriptions, deliveries: Deliveries,
                 check_url: Callable[[str], None], head: Callable[[], int],
                 now: Callable[[], datetime]):
        self.subscriptions, self.deliveries = subscriptions, deliveries
        self.check_url, self.head, self.now = check_url, head, now

    def subscribe(self, actor: Actor, *, url: str, events: list[str],
                  description: str = "") -> tuple[Subscription, str]:
        """A new subscription, starting with the events stored from now on; returns it with
        its signing secret (shown this once)."""
        _require_admin(actor)
        chosen = _valid_events(events)
        try:
            self.check_url(url)
        except RefusedUrl as refused:
            raise InvalidCommand("webhook.url_refused", f"this URL is not called: {refused}",
                                 "url") from None
        now, secret = self.now(), new_secret()
        subscription = Subscription(
            id=str(uuid.uuid4()), url=url, events=chosen, description=description or "",
            state=ACTIVE, paused_reason=None, consecutive_failures=0, position=self.head(),
            created_by=actor.id, created_at=now, changed_at=now)
        self.subscriptions.add(subscription, secret)
        return subscription, secret

    def webhooks(self, actor: Actor) -> list[Subscription]:
        _require_admin(actor)
        return self.subscriptions.all()

    def webhook(self, actor: Actor, subscription_id: str) -> Subscription:
        _require_admin(actor)
        return self._found(self.subscriptions.get(subscription_id), subscription_id)

    def unsubscribe(self, actor: Actor, subscription_id: str) -> None:
        _require_admin(actor)
        if not self.subscriptions.remove(subscription_id):
            raise WebhookNotFound(subscription_id)

    def pause(self, actor: Actor, subscription_id: str) -> Subscription:
        _require_admin(actor)
        return self._found(self.subscriptions.change_state(
            subscription_id, PAUSED, PAUSED_BY_ADMIN, self.now()), subscription_id)

    def resume(self, actor: Actor, subscription_id: str) -> Subscription:
        """Deliver again, from where it stopped: what piled up while paused goes out."""
        _require_admin(actor)
        return self._found(self.subscriptions.change_state(
            subscription_id, ACTIVE, None, self.now()), subscription_id)

    def deliveries_of(self, actor: Actor, subscription_id: str, *, status: str | None = None,
                      after: int = 0, limit: int = 50) -> list[Delivery]:
        self.webhook(actor, subscription_id)
        if status is not None and status not in STATUSES:
            raise InvalidCommand("webhook.status", f"status is one of {', '.join(STATUSES)}",
                                 "status")
        return self.deliveries.listing(subscription_id, status, after, limit)

    def redeliver(self, actor: Actor, subscription_id: str, from_position: int) -> int:
        """Send again every subscribed event from this log position on, with the same
        delivery ids; returns how many deliveries were queued again."""
        self.webhook(actor, subscription_id)
        head = self.head()
        if not 1 <= from_position <= head:
            raise InvalidCommand("webhook.from_position",
                                 f"from_position must be a log position from 1 to {head}",
                                 "from_position")
        return self.deliveries.redeliver(subscription_id, from_position, self.now())

    def health(self) -> list[tuple[Subscription, dict[str, object]]]:
        """Every subscription with its pending and failed counts (for /readyz and /metrics)."""
        counts = self.deliveries.health()
        return [(s, counts.get(s.id, {})) for s in self.subscriptions.all()]

    @staticmethod
    def _found(subscription: Subscription | None, subscription_id: str) -> Subscription:
        if subscription is None:
            raise WebhookNotFound(subscription_id)
        return subscription


def _require_admin(actor: Actor) -> None:
    if not may(actor, "manage_webhooks"):
        raise NotPermitted("webhooks.admin_only", "only an admin manages webhooks")


def _valid_events(events: list[str]) -> list[str]:
    chosen = list(dict.fromkeys(events))
    if not chosen:
        raise InvalidCommand("webhook.events", "name at least one event type, or \"*\"", "events")
    if payloads.ANY in chosen and len(chosen) > 1:
        raise InvalidCommand("webhook.events", "\"*\" already takes every event type", "events")
    unknown = payloads.unknown_types(chosen)
    if unknown:
        raise InvalidCommand("webhook.events",
                             f"unknown event types {', '.join(unknown)}; known: "
                             + ", ".join(payloads.EVENT_TYPES), "events")
    return chosen
