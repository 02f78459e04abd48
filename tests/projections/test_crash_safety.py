"""Crash safety: a projector killed again and again, at moments drawn from a seeded generator,
while writers write.

`casemgmt project` runs as a real process and gets SIGKILL (no clean-up, no atexit), at least
ten times, each time restarted. The runner writes a batch's rows and its positions in one
transaction, so a kill either keeps both or neither: in the end the views must equal a
rebuild from zero, and every claim event must have been applied exactly once.

What is written and when the kills come are fixed by SEED; how fast the machine is changes only
how long the test takes: the writers write a set number of claims, the kills go on until they
are done, and the first kill comes as soon as the projector has committed its first batch of a
backlog longer than one batch (so at least one kill finds it with work still to do).
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from pprint import pformat

import pytest

from casemgmt.bootstrap import build

from .helpers import (
    audit_trail_keys,
    count_stored_claim_events,
    dump_views,
    duplicates,
    view_differences,
)
from .scenarios import a_random_claim

pytestmark = pytest.mark.own_store(
    "Every event must be applied exactly once: a store with this test's events alone.")

SEED = 20261120
KILLS = 10
WRITERS, CLAIMS_EACH = 3, 60  # about 800 claim events in all, fixed by SEED
BACKLOG = 600   # claim events before the first start: more than one batch of the runner (500)


def projector(database_url: str, log: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "CASEMGMT_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "casemgmt", "project", *args],
                                env=env, stdout=out, stderr=out)


def wait_until(condition, timeout: float, poll: float = 0.005) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll)
    return False


@pytest.mark.slow
def test_killing_the_projector_never_loses_or_repeats_an_event(services, team, tmp_path):
    settings = services.settings
    database_url = settings.database_url
    written, failures = [], []

    def write(app, seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(CLAIMS_EACH):
                written.append(a_random_claim(app, team, rng))
        except Exception as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
        finally:
            app.close()

    # One application each, made one after the other: the library's CREATE OR REPLACE
    # FUNCTION fails when several applications start at once on PostgreSQL.
    writers = [threading.Thread(target=write, args=(build(settings).casemgmt, SEED + i),
                                daemon=True) for i in range(WRITERS)]
    for thread in writers:
        thread.start()

    log = tmp_path / "projector.log"
    log.touch()
    rng = random.Random(SEED)
    positions = services.projections.positions
    kills = behind_at_kill = 0
    try:
        assert wait_until(lambda: count_stored_claim_events(settings) > BACKLOG or failures,
                          timeout=300, poll=0.1), len(written)
        while kills < KILLS or any(thread.is_alive() for thread in writers):
            since = len(log.read_text(errors="replace"))
            process = projector(database_url, log, "--interval", "0.05")
            if kills == 0:  # right after its first batch of the backlog
                assert wait_until(lambda: min(positions().values()) > 0, timeout=120), \
                    log.read_text()
            elif kills % 4 == 3:  # anywhere, start-up included
                time.sleep(rng.uniform(0.0, 2.0))
            else:  # mostly while it works through what was written while it was down
                assert wait_until(lambda: "projecting" in log.read_text(errors="replace")[since:],
                                  timeout=60, poll=0.02), log.read_text()
                time.sleep(rng.uniform(0.0, 0.6))
            head = services.casemgmt.recorder.max_notification_id() or 0
            process.send_signal(signal.SIGKILL)
            assert process.wait(timeout=10) == -signal.SIGKILL
            kills += 1
            if min(positions().values()) < head:
                behind_at_kill += 1
            time.sleep(rng.uniform(0.1, 0.5))  # writers keep writing while it is down
            assert not failures, failures
    finally:
        for thread in writers:
            thread.join(timeout=120)
    assert not failures, failures
    assert len(written) == WRITERS * CLAIMS_EACH
    print(f"\nkills: {kills}, of them while behind: {behind_at_kill}; claims: {len(written)}")
    assert kills >= KILLS and behind_at_kill >= 1

    done = subprocess.run([sys.executable, "-m", "casemgmt", "project", "--once"],
                          env={**os.environ, "CASEMGMT_DATABASE_URL": database_url},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "projection batch failed" not in log.read_text(errors="replace")

    head = services.casemgmt.recorder.max_notification_id()
    assert set(positions().values()) == {head}
    keys = audit_trail_keys(services.db)
    assert not duplicates(keys)
    assert len(keys) == count_stored_claim_events(settings)
    projected = dump_views(services)
    assert {row[0] for row in projected["work_queue"]} == set(written)

    services.projections.rebuild()
    differences = view_differences(projected, dump_views(services))
    assert not differences, pformat(differences, width=100)
