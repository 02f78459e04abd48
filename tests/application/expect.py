"""What the event store holds: a claim's stored events, and everything stored since a position."""
from __future__ import annotations


def stored_events(app, claim_id) -> list:
    """The claim's events as the database holds them now."""
    return list(app.events.get(claim_id))


def event_types(app, claim_id) -> list[str]:
    return [type(event).__name__ for event in stored_events(app, claim_id)]


def log_position(app) -> int:
    """The notification log's last position (0 while the store is empty)."""
    return app.recorder.max_notification_id() or 0


def stored_since(app, position: int) -> list[bytes]:
    """The raw state of every event of any aggregate stored after `position`, in commit order."""
    notifications = app.recorder.select_notifications(start=position + 1, limit=100_000)
    return [bytes(notification.state) for notification in notifications]
