"""Several runners (as in several API processes) on one database: each batch applied once.

The writers write a set number of claims, drawn from seeded generators; the runners race
until at least two of them have applied a batch (however fast or loaded the machine is, only
the time this takes changes)."""
from __future__ import annotations

import random
import threading
import time

import pytest

from casemgmt.bootstrap import build

from .helpers import audit_trail_keys, count_stored_claim_events, dump_views, duplicates
from .scenarios import a_random_claim

pytestmark = pytest.mark.own_store(
    "Each event must be applied once: a store with this test's events alone.")

SEED = 20261120
RUNNERS = 3
WRITERS, CLAIMS_EACH = 2, 40
RACE_CAP_SECONDS = 120  # a bound for a hung test, not a threshold: the race ends much sooner


@pytest.mark.slow
def test_racing_runners_apply_each_event_once(services, team, clock):
    main, settings = services, services.settings
    # Built one after the other (concurrent start-up trips the library on PostgreSQL).
    runners = [build(settings) for _ in range(RUNNERS)]
    writers = [build(settings) for _ in range(WRITERS)]
    stop_projecting = threading.Event()
    failures: list[BaseException] = []
    applied = [0] * RUNNERS

    def write(services, seed):
        rng = random.Random(seed)
        try:
            for _ in range(CLAIMS_EACH):
                a_random_claim(services.casemgmt, team, rng)
        except BaseException as error:  # noqa: BLE001
            failures.append(error)

    def project(services, index):
        try:
            while not stop_projecting.is_set():
                applied[index] += services.projections.catch_up()
                time.sleep(0.002)
        except BaseException as error:  # noqa: BLE001
            failures.append(error)

    def raced() -> bool:
        return sum(1 for count in applied if count) >= 2

    writing = [threading.Thread(target=write, args=(s, SEED + i)) for i, s in enumerate(writers)]
    projecting = [threading.Thread(target=project, args=(s, i)) for i, s in enumerate(runners)]
    for thread in writing + projecting:
        thread.start()
    try:
        for thread in writing:
            thread.join(timeout=RACE_CAP_SECONDS)
        deadline = time.monotonic() + RACE_CAP_SECONDS
        while not raced() and not failures and time.monotonic() < deadline:
            a_random_claim(main.casemgmt, team, random.Random(SEED))  # more work to race for
            time.sleep(0.01)
    finally:
        stop_projecting.set()
        for thread in writing + projecting:
            thread.join(timeout=60)
    try:
        assert not failures, failures
        assert raced(), applied  # the race did take place
        main.projections.catch_up()
        head = main.casemgmt.recorder.max_notification_id()
        assert set(main.projections.positions().values()) == {head}
        keys = audit_trail_keys(main.db)
        assert not duplicates(keys)
        assert len(keys) == count_stored_claim_events(settings) >= WRITERS * CLAIMS_EACH
        projected = dump_views(main)
        main.projections.rebuild()
        assert dump_views(main) == projected
    finally:
        for services in runners + writers:
            services.close()
