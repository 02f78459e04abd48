"""Crash safety: a projector killed at random moments, again and again, while writers write.

`casemgmt project` runs as a real process and gets SIGKILL (no clean-up, no atexit), ten
times, each time restarted. The runner writes a batch's rows and its positions in one
transaction, so a kill either keeps both or neither: in the end the views must equal a
rebuild from zero, and every claim event must have been applied exactly once.
"""
from __future__ import annotations

import os
from pprint import pformat
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from casemgmt.application import Casemgmt
from casemgmt.bootstrap import build
from tests.builders import a_team

from .helpers import (
    audit_trail_keys, count_stored_claim_events, dump_views, duplicates, view_differences,
)
from .scenarios import a_random_claim

KILLS = 10
WRITERS = 3


def projector(database_url: str, log: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "CASEMGMT_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "casemgmt", "project", *args],
                                env=env, stdout=out, stderr=out)


def wait_for_text(log: Path, text: str, since: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace")[since:]:
            return True
        time.sleep(0.02)
    return False


@pytest.mark.slow
def test_killing_the_projector_never_loses_or_repeats_an_event(settings, database_url,
                                                               tmp_path):
    services = build(settings)
    team = a_team(services.casemgmt)
    stop = threading.Event()
    written, failures = [], []

    def write(app: Casemgmt, seed: int) -> None:
        rng = random.Random(seed)
        try:
            while not stop.is_set():
                written.append(a_random_claim(app, team, rng))
        except Exception as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            app.close()

    # One application each, made one after the other: the library's CREATE OR REPLACE
    # FUNCTION fails when several applications start at once on PostgreSQL.
    writers = [threading.Thread(target=write, args=(build(settings).casemgmt, seed), daemon=True)
               for seed in range(WRITERS)]
    for thread in writers:
        thread.start()

    log = tmp_path / "projector.log"
    log.touch()
    rng = random.Random()
    behind_at_kill = 0
    try:
        for kill in range(KILLS):
            since = len(log.read_text(errors="replace"))
            process = projector(database_url, log, "--interval", "0.05")
            if kill % 4 == 3:
                time.sleep(rng.uniform(0.0, 2.0))  # anywhere, start-up included
            else:  # mostly while it works through what was written while it was down
                assert wait_for_text(log, "projecting", since, timeout=30), log.read_text()
                time.sleep(rng.uniform(0.0, 0.6))
            head = services.casemgmt.recorder.max_notification_id() or 0
            process.send_signal(signal.SIGKILL)
            assert process.wait(timeout=10) == -signal.SIGKILL
            if min(services.projections.positions().values()) < head:
                behind_at_kill += 1
            time.sleep(rng.uniform(0.1, 0.5))  # writers keep writing while it is down
            assert not failures, failures
    finally:
        stop.set()
        for thread in writers:
            thread.join(timeout=30)
    assert not failures, failures
    assert len(written) > 50
    print(f"\nkills while behind: {behind_at_kill}/{KILLS}; claims written: {len(written)}")
    assert behind_at_kill >= 1  # at least one kill came while there was work to do

    done = subprocess.run([sys.executable, "-m", "casemgmt", "project", "--once"],
                          env={**os.environ, "CASEMGMT_DATABASE_URL": database_url},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "projection batch failed" not in log.read_text(errors="replace")

    try:
        head = services.casemgmt.recorder.max_notification_id()
        assert set(services.projections.positions().values()) == {head}
        keys = audit_trail_keys(services.db)
        assert not duplicates(keys)
        assert len(keys) == count_stored_claim_events(settings)
        projected = dump_views(services)
        assert {row[0] for row in projected["work_queue"]} == set(written)

        services.projections.rebuild()
        differences = view_differences(projected, dump_views(services))
        assert not differences, pformat(differences, width=100)
    finally:
        services.close()
