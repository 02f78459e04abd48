"""Two schedulers at once over 200 claims whose follow-ups are due: each alert exactly once.

Two `casemgmt scheduler --run deadline-sweep` processes start together (as when a second clock
was started by mistake, or an old one lingers) over 200 claims received 30 days before the
real now: every one has missed its first-response and resolution targets. Between them they
record each of the 400 alerts once: none twice, none lost.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from uuid import UUID

import pytest

from casemgmt.application.clock import KST
from casemgmt.bootstrap import build
from casemgmt.domain.values import Customer
from tests.api.live import REPOSITORY, casemgmt_env
from tests.builders import a_team

CLAIMS = 200
SCHEDULERS = 2


def sweeping(database_url: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "casemgmt", "scheduler", "--run",
                             "deadline-sweep"], env=casemgmt_env(database_url), cwd=REPOSITORY,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_schedulers_over_200_due_follow_ups_record_each_alert_exactly_once(settings):
    services = build(settings)
    app = services.casemgmt
    agent = a_team(app).agent.actor
    received = datetime.now(KST) - timedelta(days=30)
    claim_ids = [str(app.file_claim(agent, channel="phone", category="delivery",
                                    customer=Customer(id=f"C-{n}", name="후속조치", tier="regular"),
                                    order=None, summary="배송 지연", received_at=received).id)
                 for n in range(CLAIMS)]

    runs = [sweeping(settings.database_url) for _ in range(SCHEDULERS)]
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
        assert second["started_at"] < first["finished_at"], "the two sweeps did not overlap"
    finally:
        services.close()
