"""What the runner reads (an event log) and what a view is to it: a name, a fingerprint,
and how it applies a batch of events."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from casemgmt.domain.claim import CLAIM_TOPIC
from casemgmt.infrastructure.sql import Cursor

CLAIM_TOPIC_PREFIX = CLAIM_TOPIC + "."


class EventLog(Protocol):
    """What the runner reads: the notification log, claims at a version, sealed decoding."""

    recorder: Any      # select_notifications(start, limit, topics=...), max_notification_id()
    repository: Any    # get(claim_id, version=...)
    keys: Any          # prefetch(claim_ids): one query for a batch's data keys

    def sealed_mapper(self) -> Any:
        """A mapper that decodes events leaving personal fields sealed."""


@dataclass(frozen=True)
class Item:
    """One stored event as the views see it.

    `claim` is the claim's state after the batch (the runner folds each claim's events once),
    so a view that needs the state at this very event must use `event` instead.
    """

    position: int
    topic: str
    originator_id: str
    version: int
    state: bytes          # the stored bytes, as the event store holds them (maybe encrypted)
    event: Any            # the decoded domain event
    claim: Any | None     # the Claim after the batch, for claim events

    # asked by every view of every item of a batch: worked out once, as the item is made
    # (a cached_property takes a lock on first use, in 3.11; it cost more than the answers)
    is_claim_event: bool = field(init=False)
    type_name: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_claim_event", self.topic.startswith(CLAIM_TOPIC_PREFIX))
        object.__setattr__(self, "type_name", self.topic.rsplit(".", 1)[-1])


class View(Protocol):
    name: str

    @property
    def fingerprint(self) -> str:
        """Changes when the rows this view would write for the same events change."""

    def apply(self, cur: Cursor, items: list[Item]) -> None: ...

    def clear(self, cur: Cursor) -> None: ...
