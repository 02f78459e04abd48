"""A real `casemgmt serve` with the arguments a test chooses (the clock on or off, workers), and
its log read back as JSON lines."""
from __future__ import annotations

import json
from pathlib import Path

from tests.api import live
from tests.api.live import LiveServer


def serving(database_url: str, workdir: Path, *args: str,
            settings: dict[str, str] | None = None):
    """`casemgmt serve` with exactly `args` (tests/api/live.py)."""
    return live.serving(database_url, workdir, *args, settings=settings, stop_within=20)


def log_lines(server: LiveServer) -> list[dict]:
    """Every line of the server's output as JSON; a line that is not JSON fails the test."""
    lines = []
    for number, text in enumerate(server.log.read_text(encoding="utf-8").splitlines(), 1):
        try:
            lines.append(json.loads(text))
        except ValueError:
            raise AssertionError(f"log line {number} is not JSON: {text[:200]!r}") from None
    return lines


def requests_logged(server: LiveServer) -> list[dict]:
    return [line for line in log_lines(server) if line.get("logger") == "gunicorn.access"]
