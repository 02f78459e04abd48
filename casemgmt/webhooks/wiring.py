"""Webhooks composed from the running services: every call webhooks make into the core
(the event store, its sealed mapper, the database, the settings) is in this module."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Callable

from eventsourcing.persistence import PersistenceError
from eventsourcing.utils import get_topic

from casemgmt.application.webhooks import WebhookDesk
from casemgmt.domain.claim import Claim
from casemgmt.infrastructure.webhook_queue import DeliveryQueue
from casemgmt.infrastructure.webhook_sender import (
    AddressGuard, Resolver, WebhookSender, system_resolver,
)
from casemgmt.infrastructure.webhook_store import SubscriptionStore


from .payloads import EVENT_TYPES
from .records import LoggedEvent
from .runner import DeliveryRunner, utc_now

log = logging.getLogger("casemgmt.webhooks")


class ClaimEventLog:
    """The claim events of the notification log, decoded with personal fields left sealed."""

    def __init__(self, app: Any):
        self.recorder = app.recorder
        self.mapper = app.sealed_mapper()
        self.topics = [get_topic(getattr(Claim, name)) for name in EVENT_TYPES]

    def head(self) -> int:
        return self.recorder.max_notification_id() or 0

    def read(self, after: int, limit: int) -> list[LoggedEvent]:
        notifications = self.recorder.select_notifications(start=after + 1, limit=limit,
                                                           topics=self.topics)
        return [self._logged(n) for n in notifications]

    def _logged(self, notification: Any) -> LoggedEvent:
        fields, at = None, None
        try:
            event = self.mapper.to_domain_event(notification)
            fields, at = vars(event), event.at
        except PersistenceError:
            raise
        except Exception as error:  # undecodable bytes: the event is still announced, bare
            log.warning("stored event at %s does not decode (%s)", notification.id,
                        type(error).__name__)
        return LoggedEvent(position=notification.id,
                           type_name=notification.topic.rsplit(".", 1)[-1],
                           claim_id=str(notification.originator_id),
                           version=notification.originator_version, occurred_at=at,
                           fields=fields)


@dataclass
class Webhooks:
    desk: WebhookDesk
    subscriptions: SubscriptionStore
    queue: DeliveryQueue
    events: ClaimEventLog
    guard: AddressGuard
    settings: Any
    clock: Callable

    def runner(self, **options: Any) -> DeliveryRunner:
        """A runner as the settings say; tests pass e.g. a shorter `schedule`."""
        s = self.settings
        chosen = {"timeout_s": s.webhook_timeout_s, "workers": s.webhook_workers,
                  "pause_after": s.webhook_pause_after, "clock": self.clock, **options}
        sender = WebhookSender(self.guard, chosen["timeout_s"], pool_size=chosen["workers"])
        return DeliveryRunner(self.events, self.queue, self.subscriptions.secrets, sender,
                              **chosen)


def compose(services: Any, *, resolver: Resolver = system_resolver,
            clock: Callable = utc_now) -> Webhooks:
    settings = services.settings
    events = ClaimEventLog(services.casemgmt)
    subscriptions = SubscriptionStore(services.db, settings.cipher_key)
    queue = DeliveryQueue(services.db)
    guard = AddressGuard(settings.webhook_allow_private, resolver)
    # Operational times (leases, retries) follow the wall clock, not the claims' clock.
    desk = WebhookDesk(subscriptions, queue, guard.check, events.head, clock)
    return Webhooks(desk, subscriptions, queue, events, guard, settings, clock)
