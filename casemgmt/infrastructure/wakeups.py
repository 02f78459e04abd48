"""Waking a reader of the event log when events are stored by another process.

PostgreSQL: the library NOTIFYs a channel in every transaction that inserts events; one
connection LISTENs and sets the reader's wake event. SQLite has no such signal: readers poll.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger("casemgmt.wakeups")


def listen_for_events(recorder: Any, wake: threading.Event, stop: threading.Event) -> None:
    channel = getattr(recorder, "channel_name", None)
    if channel is None:
        return  # SQLite: the reader polls

    def listen() -> None:
        from psycopg.sql import SQL, Identifier

        while not stop.is_set():
            try:
                with recorder.datastore.get_connection() as conn:
                    conn.execute(SQL("LISTEN {0}").format(Identifier(channel)))
                    while not stop.is_set():
                        for _ in conn.notifies(timeout=0.5, stop_after=1):
                            wake.set()
            except Exception as error:  # the database went away: listen again when it is back
                log.warning("event notifications lost (%s); listening again", type(error).__name__)
                stop.wait(1.0)

    threading.Thread(target=listen, name="event-notifications", daemon=True).start()
