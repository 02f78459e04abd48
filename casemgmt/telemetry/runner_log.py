"""The projection runner's lines at INFO: that it started (with each view's lag), and every
ten seconds in which it applied events, how many and how far behind the store it still is.
One line per batch would be one line per request under load; a summary says as much."""
from __future__ import annotations

import logging
import threading
from typing import Any

log = logging.getLogger("casemgmt.projections")
EVERY_SECONDS = 10.0


def log_projection_progress(runner: Any, stop: threading.Event,
                            every: float = EVERY_SECONDS) -> threading.Thread:
    def report() -> None:
        last = _low(runner)
        log.info("projection runner started", extra={"views": [v.name for v in runner.views],
                                                      "position": last, "lag": _lag(runner)})
        while not stop.wait(every):
            now = _low(runner)
            if now is not None and last is not None and now > last:
                log.info("projected", extra={"events": now - last, "position": now,
                                             "lag": _lag(runner)})
            last = now if now is not None else last

    thread = threading.Thread(target=report, name="projection-progress", daemon=True)
    thread.start()
    return thread


def _low(runner: Any) -> int | None:
    try:
        return min(runner.positions().values(), default=0)
    except Exception:  # the database is away; the runner logs its own failures
        return None


def _lag(runner: Any) -> dict[str, int] | None:
    try:
        return runner.lag()
    except Exception:
        return None
