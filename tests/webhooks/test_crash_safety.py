"""Crash safety: `casemgmt deliver` killed with SIGKILL at random (seeded) moments, ten times,
while a thousand claim events are written. Every event reaches the receiver at least once;
an event that arrives twice arrives with the same delivery id and the same body, so a
receiver that drops repeats by delivery id sees each event exactly once."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pytest

from casemgmt.bootstrap import build
from casemgmt.webhooks.wiring import compose
from tests.builders import a_team
from tests.projections.scenarios import a_random_claim

from .receiver import Receiver, start, stop
from .test_delivery import stored_claim_events

KILLS = 10
EVENTS = 1_000
SEED = 20261120


def deliverer(database_url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "CASEMGMT_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1",
           "CASEMGMT_WEBHOOK_ALLOW_PRIVATE": "1", "CASEMGMT_WEBHOOK_TIMEOUT": "1"}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "casemgmt", "deliver", "--interval", "0.05"],
                                env=env, stdout=out, stderr=out)


def wait_for_text(log: Path, text: str, since: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace")[since:]:
            return True
        time.sleep(0.02)
    return False


def all_recorded_delivered(services, subscription_id) -> bool:
    """The deliverer records each answer after the receiver has it: wait for the records too
    before stopping it."""
    listed = compose(services).queue.listing(subscription_id, None, 0, 10 * EVENTS)
    return bool(listed) and all(d.status == "delivered" for d in listed)


@pytest.mark.slow
def test_killing_the_deliverer_loses_no_event_and_repeats_only_with_the_same_delivery_id(
        settings, database_url, tmp_path):
    rng, answer_rng = random.Random(SEED), random.Random(SEED + 2)
    receiver = Receiver(script=lambda path, delivery, seen: (200, answer_rng.uniform(0, 0.003)))
    server = start(receiver)
    services = build(settings)
    team = a_team(services.casemgmt)
    subscription, _ = compose(services).desk.subscribe(team.admin.actor, url=receiver.url(),
                                                       events=["*"])
    start_at = subscription.position
    stop_writing, failures = threading.Event(), []

    def write() -> None:
        writer_rng = random.Random(SEED + 1)
        try:
            while (services.casemgmt.recorder.max_notification_id() - start_at < EVENTS
                   and not stop_writing.is_set()):
                a_random_claim(services.casemgmt, team, writer_rng)
                time.sleep(0.04)  # about a thousand events over the kills, not before them
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    log = tmp_path / "deliver.log"
    log.touch()
    behind_at_kill = 0
    try:
        for _ in range(KILLS):
            since = len(log.read_text(errors="replace"))
            process = deliverer(database_url, log)
            assert wait_for_text(log, "delivering", since, timeout=30), log.read_text()
            time.sleep(rng.uniform(0.0, 0.8))
            written = len(stored_claim_events(services, start_at))
            process.send_signal(signal.SIGKILL)
            assert process.wait(timeout=10) == -signal.SIGKILL
            if len({p["position"] for p in receiver.payloads()}) < written:
                behind_at_kill += 1
        writer.join(timeout=120)
    finally:
        stop_writing.set()
    assert not failures, failures

    expected = {position for position, _, _ in stored_claim_events(services, start_at)}
    final = deliverer(database_url, log)
    try:
        deadline = time.monotonic() + 60
        while not (expected <= {p["position"] for p in receiver.payloads()}
                   and all_recorded_delivered(services, subscription.id)):
            assert time.monotonic() < deadline, "not every event was delivered"
            time.sleep(0.1)
    finally:
        final.terminate()
        final.wait(timeout=30)
        stop(receiver, server)

    try:
        payloads = receiver.payloads()
        bodies, ids = defaultdict(set), defaultdict(set)
        for received in receiver.received:
            bodies[received.payload["delivery_id"]].add(received.body)
            ids[received.payload["position"]].add(received.payload["delivery_id"])
        repeats = len(payloads) - len(bodies)
        print(f"\nevents: {len(expected)}; kills while behind: {behind_at_kill}/{KILLS};"
              f" repeats: {repeats}")
        assert len(expected) >= EVENTS
        assert {p["position"] for p in payloads} == expected
        assert all(len(same) == 1 for same in bodies.values())  # a repeat is the same body
        assert all(len(same) == 1 for same in ids.values())     # under the same id
        assert behind_at_kill >= 1
        assert "webhook round failed" not in log.read_text(errors="replace")
        listed = compose(services).queue.listing(subscription.id, None, 0, 10 * EVENTS)
        assert {d.status for d in listed} == {"delivered"} and len(listed) == len(expected)
    finally:
        services.close()
