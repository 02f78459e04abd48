"""`casemgmt scheduler` as an operator starts it: one job with --run, or the clock alone.

The subprocess reads the real clock, so the claims here are received 30 days before the real
now (intake accepts a past received_at): their first response and resolution targets (1 and
7 business days) have passed by any count of holidays.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from casemgmt.application.clock import KST
from tests.scheduler.conftest import alerts_on

pytestmark = pytest.mark.own_store(
    "The job looks at every claim in the store: each test has a store of its own.")


def casemgmt_command() -> list[str]:
    script = Path(sys.executable).parent / "casemgmt"
    return [str(script)] if script.exists() else [sys.executable, "-m", "casemgmt"]


def environment(settings) -> dict[str, str]:
    env = dict(os.environ)
    env["CASEMGMT_DATABASE_URL"] = settings.database_url
    env.pop("CASEMGMT_CIPHER_KEY", None)
    return env


def an_overdue_claim(desk, clock) -> str:
    clock.current = datetime.now(KST)
    return desk.file("C-1001", received_at=clock.current - timedelta(days=30))


def test_scheduler_run_prints_what_the_sweep_did(settings, services, desk, clock):
    claim_id = an_overdue_claim(desk, clock)

    done = subprocess.run([*casemgmt_command(), "scheduler", "--run", "deadline-sweep"],
                          env=environment(settings), capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["job"] == "deadline-sweep"
    assert datetime.fromisoformat(printed["started_at"]).tzinfo is not None
    assert printed["result"]["checked"] == 1
    assert sorted((r["claim_id"], r["event"], r["deadline"])
                  for r in printed["result"]["recorded"]) == [
        (claim_id, "FirstResponseOverdue", "first_response"),
        (claim_id, "ResolutionOverdue", "resolution")]
    assert sorted(event for event, _, _ in alerts_on(services, claim_id)) == [
        "FirstResponseOverdue", "ResolutionOverdue"]

    again = subprocess.run([*casemgmt_command(), "scheduler", "--run", "deadline-sweep"],
                           env=environment(settings), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["result"]["recorded"] == []
    assert len(alerts_on(services, claim_id)) == 2


def test_scheduler_run_refuses_an_unknown_job(settings, services):
    done = subprocess.run([*casemgmt_command(), "scheduler", "--run", "coffee"],
                          env=environment(settings), capture_output=True, text=True, timeout=120)

    assert done.returncode == 2
    assert "deadline-sweep" in done.stderr and done.stdout == ""


def test_the_scheduler_sweeps_at_start_up(settings, services, desk, clock, tmp_path):
    claim_id = an_overdue_claim(desk, clock)
    log = tmp_path / "scheduler.log"

    with open(log, "w") as out:
        process = subprocess.Popen([*casemgmt_command(), "scheduler"], env=environment(settings),
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(alerts_on(services, claim_id)) < 2:
            assert process.poll() is None, log.read_text()
            time.sleep(0.25)
        alerts = sorted(event for event, _, _ in alerts_on(services, claim_id))
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    assert alerts == ["FirstResponseOverdue", "ResolutionOverdue"], log.read_text()
    assert "job deadline-sweep done" in log.read_text()
