"""Assertion helpers: a refusal names its rule, and a refused command writes nothing."""
from __future__ import annotations

from contextlib import contextmanager

import pytest

from casemgmt.domain.errors import DomainError


@contextmanager
def refused(error: type[DomainError], rule: str):
    """Expect `error` carrying the stable rule code `rule`."""
    with pytest.raises(error) as caught:
        yield caught
    assert caught.value.rule == rule, caught.value.message


def stored_events(app, claim_id) -> list:
    """The claim's events as the database holds them now."""
    return list(app.events.get(claim_id))


def event_types(app, claim_id) -> list[str]:
    return [type(event).__name__ for event in stored_events(app, claim_id)]


def all_stored_bytes(app) -> list[bytes]:
    """The raw state of every stored event of every aggregate, in commit order."""
    notifications = app.recorder.select_notifications(start=1, limit=100_000)
    return [bytes(notification.state) for notification in notifications]
