"""A real `casemgmt serve` with the arguments a test chooses (the clock on or off, workers), and
its log read back as JSON lines."""
from __future__ import annotations

import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.api.live import (
    REPOSITORY, LiveServer, _wait_until_healthy, casemgmt_env, free_port,
)


@contextmanager
def serving(database_url: str, workdir: Path, *args: str,
            settings: dict[str, str] | None = None) -> Iterator[LiveServer]:
    port = free_port()
    log = workdir / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "casemgmt", "serve", "--port", str(port), *args],
            env={**casemgmt_env(database_url), **(settings or {})}, cwd=REPOSITORY,
            stdout=out, stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", database_url, log)
    try:
        _wait_until_healthy(server, process, 60)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
