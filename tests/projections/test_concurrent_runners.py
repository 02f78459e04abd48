"""Several runners (as in several API processes) on one database: each batch applied once."""
from __future__ import annotations

import random
import threading
import time

import pytest

from casemgmt.bootstrap import build
from tests.builders import a_team

from .helpers import audit_trail_keys, count_stored_claim_events, dump_views, duplicates
from .scenarios import a_random_claim

RUNNERS = 3
WRITERS = 2


@pytest.mark.slow
def test_racing_runners_apply_each_event_once(settings, clock):
    main = build(settings)
    team = a_team(main.casemgmt)
    # Built one after the other (concurrent start-up trips the library on PostgreSQL).
    runners = [build(settings) for _ in range(RUNNERS)]
    writers = [build(settings) for _ in range(WRITERS)]
    stop_writing, stop_projecting = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    applied = [0] * RUNNERS

    def write(services, seed):
        rng = random.Random(seed)
        try:
            while not stop_writing.is_set():
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

    threads = ([threading.Thread(target=write, args=(s, i)) for i, s in enumerate(writers)]
               + [threading.Thread(target=project, args=(s, i)) for i, s in enumerate(runners)])
    for thread in threads:
        thread.start()
    try:
        time.sleep(4)
    finally:
        stop_writing.set()
        for thread in threads[:WRITERS]:
            thread.join(timeout=60)
        time.sleep(0.5)
        stop_projecting.set()
        for thread in threads[WRITERS:]:
            thread.join(timeout=60)
    try:
        assert not failures, failures
        main.projections.catch_up()
        head = main.casemgmt.recorder.max_notification_id()
        assert set(main.projections.positions().values()) == {head}
        keys = audit_trail_keys(main.db)
        assert not duplicates(keys)
        assert len(keys) == count_stored_claim_events(settings) > 50
        assert sum(1 for count in applied if count) >= 2  # the race did take place
        projected = dump_views(main)
        main.projections.rebuild()
        assert dump_views(main) == projected
    finally:
        for services in runners + writers + [main]:
            services.close()
