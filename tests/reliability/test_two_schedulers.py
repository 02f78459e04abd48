"""Two schedulers at once over 200 claims whose follow-ups are due: each alert exactly once.

Two `casemgmt scheduler --run deadline-sweep` processes start together (as when a second clock
was started by mistake, or an old one lingers; a gate holds each, imports done, until both are
ready, or the one that loads first would be done before the other begins) over 200 claims received 30 days before the
real now: every one has missed its first-response and resolution targets. Between them they
record each of the 400 alerts once: none twice, none lost.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

import pytest

from casemgmt.application.clock import KST
from casemgmt.bootstrap import build
from casemgmt.domain.values import Customer
from tests.api.live import REPOSITORY, casemgmt_env
from tests.builders import a_team

pytestmark = pytest.mark.own_store(
    "The sweeps go over every claim of the store: this test's 200 are all there is.")

CLAIMS = 200
SCHEDULERS = 2


# `casemgmt scheduler --run deadline-sweep`, started when the file `go` appears
GATED_SWEEP = """
import pathlib, sys, time
import casemgmt.bootstrap, casemgmt.cli
ready, go = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
ready.touch()
while not go.exists():
    time.sleep(0.005)
sys.exit(casemgmt.cli.main(["scheduler", "--run", "deadline-sweep"]))
"""


def gated_sweeps(database_url: str, gate: Path, count: int) -> list[subprocess.Popen]:
    go = gate / "go"
    runs = [subprocess.Popen([sys.executable, "-c", GATED_SWEEP, str(gate / f"ready-{n}"),
                              str(go)], env=casemgmt_env(database_url), cwd=REPOSITORY,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for n in range(count)]
    deadline = time.monotonic() + 60
    while len(list(gate.glob("ready-*"))) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    go.touch()
    return runs


@pytest.mark.slow
def test_two_schedulers_over_200_due_follow_ups_record_each_alert_exactly_once(settings,
                                                                              tmp_path):
    services = build(settings)
    app = services.casemgmt
    agent = a_team(app).agent.actor
    received = datetime.now(KST) - timedelta(days=30)
    claim_ids = [str(app.file_claim(agent, channel="phone", category="delivery",
                                    customer=Customer(id=f"C-{n}", name="후속조치", tier="regular"),
                                    order=None, summary="배송 지연", received_at=received).id)
                 for n in range(CLAIMS)]

    runs = gated_sweeps(settings.database_url, tmp_path, SCHEDULERS)
    outputs = [run.communicate(timeout=600) for run in runs]

    try:
        assert [run.returncode for run in runs] == [0] * SCHEDULERS, [e for _, e in outputs]
        printed = [json.loads(out) for out, _ in outputs]
        stored = Counter((claim_id, type(event).__name__, event.deadline)
                         for claim_id in claim_ids for event in app.events.get(UUID(claim_id))
                         if type(event).__name__.endswith("Overdue"))
        told = Counter((r["claim_id"], r["event"], r["deadline"])
                       for one in printed for r in one["result"]["recorded"])
        assert set(stored.values()) == {1}                       # no alert stored twice
        assert sorted(deadline for _, _, deadline in stored) == sorted(
            ["first_response", "resolution"] * CLAIMS)           # none lost
        assert told == stored                                    # and each told by one of them
        first, second = sorted(printed, key=lambda p: p["started_at"])
        # whole seconds: "<=" (the gate started them together; one may find nothing left)
        assert second["started_at"] <= first["finished_at"], "the two sweeps did not overlap"
    finally:
        services.close()
