"""`casemgmt serve`'s master killed outright (SIGKILL, the OOM killer): its workers and its
background process (projections, webhooks, the clock) do not live on beside the next serve."""
from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from tests.api.live import running_server

pytestmark = [pytest.mark.slow, pytest.mark.own_store(
    "The background process has this test's store alone to catch up with.")]


def alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_nothing_of_a_killed_serve_keeps_running(database_url, tmp_path):
    with running_server(database_url, tmp_path, workers=1) as server:
        children = psutil.Process(server.pid).children(recursive=True)
        background = [c for c in children if "spawn_main" in " ".join(c.cmdline())]
        assert background, [c.cmdline() for c in children]

        os.kill(server.pid, signal.SIGKILL)

        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(alive(c) for c in children):
            time.sleep(0.2)
        left = [" ".join(c.cmdline()) for c in children if alive(c)]
        for child in children:  # the test leaves nothing behind either way
            if alive(child):
                child.kill()
        assert left == []
