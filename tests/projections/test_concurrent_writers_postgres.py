"""PostgreSQL: many writers and one late commit; no reader skips an event or sees one twice.

What this proves. Readers tail the notification log by position: the audit feed
(`GET /audit/events?after=`) and the projection runner both ask for "everything after the
last position I saw". That is only safe if no event can become visible *below* a position
a reader has already passed. A bigserial id is handed out at INSERT time, not at COMMIT, so
two plain inserting transactions could commit out of id order: a reader would see id 11,
move its position past 10, and never come back for 10 when that transaction commits later.
The eventsourcing library prevents this by taking `LOCK TABLE <events> IN EXCLUSIVE MODE`
before each insert (see eventsourcing/postgres.py, `_lock_table`): inserting transactions
queue on the lock, so ids are committed in the order they were handed out, while readers
(ACCESS SHARE) are never blocked.

Here one transaction follows the library's protocol by hand — it locks the table, inserts a
claim's events and then holds the transaction open for a second — while eight writers, each
with its own application and connection pool, keep writing, two projection runners of their
own keep catching up and an HTTP client tails the audit feed. The writers are seen queueing
behind the late transaction, nothing with a higher id commits before it, and afterwards the
feed and every view hold every claim event exactly once.

What happens when does not depend on the machine's speed: the late transaction starts once
every writer has written a claim, it holds the lock until at least two writers are seen
queueing behind it, and the writers stop once each has written a claim after it committed.
"""
from __future__ import annotations

import random
import threading
import time
from dataclasses import replace

import psycopg
import pytest

from casemgmt.bootstrap import build
from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Order
from tests.builders import a_customer, a_member
from tests.databases import POSTGRES_URL

from .helpers import audit_trail_keys, dump_views, duplicates, stored_claim_events
from .scenarios import a_random_claim

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow, pytest.mark.own_store(
    "Every claim event of the store is checked in the feed and the views: a store of its own.")]

SEED = 20261120
WRITERS = 8
QUEUED = 2             # writers seen waiting for the table lock before the late commit
CAP_SECONDS = 120      # a bound for a hung test, not a threshold


@pytest.fixture
def settings(settings):
    # Ten applications with the default pools (5 connections each, up to 15) could exhaust
    # the server's max_connections; each thread here needs one or two at a time.
    return replace(settings, database_url=f"{settings.database_url}&pool_size=2&max_overflow=2")


def wait_until(condition, timeout: float = CAP_SECONDS) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_late_commit_is_neither_skipped_nor_repeated(services, team, api):
    main, settings = services, services.settings
    schema = settings.eventsourcing_env()["POSTGRES_SCHEMA"]
    auditor = a_member(main.casemgmt, "감사원", "auditor")
    # Built one after the other: the library's CREATE OR REPLACE FUNCTION fails when several
    # applications start at the same moment on one schema.
    writer_services = [build(settings) for _ in range(WRITERS)]
    stop_writing, stop_reading = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    written = [0] * WRITERS

    def guarded(target):
        def run(*args):
            try:
                target(*args)
            except BaseException as error:  # noqa: BLE001 - reported by the test
                failures.append(error)
        return run

    @guarded
    def write(services, index):
        rng = random.Random(SEED + index)
        while not stop_writing.is_set():
            a_random_claim(services.casemgmt, team, rng)
            written[index] += 1

    @guarded
    def project(services):
        while not stop_reading.is_set():
            services.projections.catch_up()
            time.sleep(0.01)

    fed: list[tuple[str, int, int]] = []

    @guarded
    def tail_the_feed():
        after = 0

        def read_page():
            nonlocal after
            response = api.get(f"/api/v1/audit/events?after={after}&limit=100", auditor)
            assert response.status_code == 200, response.get_json()
            items = response.get_json()["items"]
            fed.extend((i["claim_id"], i["version"], i["position"]) for i in items)
            if items:
                after = items[-1]["position"]
            return items

        while not stop_reading.is_set():
            if not read_page():
                time.sleep(0.005)
        while read_page():  # what was committed after the last round
            pass

    threads = [threading.Thread(target=write, args=(svc, index))
               for index, svc in enumerate(writer_services)]
    readers = [threading.Thread(target=project, args=(writer_services[0],)),
               threading.Thread(target=project, args=(writer_services[1],)),
               threading.Thread(target=tail_the_feed)]
    for thread in threads + readers:
        thread.start()

    try:
        assert wait_until(lambda: min(written) >= 1 or failures), written
        late_claim, waiting, visible_while_held, late_ids = _a_late_commit(main, team, schema)
        after_late = list(written)
        assert wait_until(lambda: all(now > then for now, then in zip(written, after_late))
                          or failures), (after_late, written)
    finally:
        stop_writing.set()
        for thread in threads:
            thread.join(timeout=60)
        stop_reading.set()
        for thread in readers:
            thread.join(timeout=60)
    try:
        assert not failures, failures
        print(f"\nqueued behind the late commit: {waiting}; its ids {late_ids}, the highest"
              f" visible before it committed {visible_while_held}; events fed: {len(fed)}")
        assert waiting >= QUEUED, "the writers should have queued behind the late transaction"
        assert visible_while_held < min(late_ids), \
            "nothing may commit above the late transaction's ids while it is open"

        main.projections.catch_up()
        stored = stored_claim_events(main.casemgmt)
        keys = [(claim_id, version) for claim_id, version, _ in stored]
        assert not duplicates(keys)
        assert (late_claim, 1) in keys
        assert len({claim_id for claim_id, _ in keys}) >= 2 * WRITERS + 1

        # The feed, read while all this went on, in commit order: each event once, none missed.
        assert not duplicates(fed)
        assert fed == stored
        # The views: each event applied once.
        trail = audit_trail_keys(main.db)
        assert not duplicates(trail)
        assert sorted(trail) == sorted(keys)
        latest: dict[str, int] = {}
        for claim_id, version in keys:
            latest[claim_id] = max(version, latest.get(claim_id, 0))
        projected = dump_views(main)
        assert {row[0]: row[1] for row in projected["work_queue"]} == latest
        head = main.casemgmt.recorder.max_notification_id()
        assert set(main.projections.positions().values()) == {head}
        main.projections.rebuild()
        assert dump_views(main) == projected
    finally:
        for writer in writer_services:
            writer.close()


def _a_late_commit(main, team, schema) -> tuple[str, int, int, list[int]]:
    """Insert a new claim's events the way the library does, but commit late: only once at
    least QUEUED other transactions wait for the table lock.

    Returns the claim id, how many other transactions waited for the table lock, the
    highest id another connection could see just before the commit, and our ids.
    """
    app = main.casemgmt
    claim = Claim.file(channel="phone", category="delivery", customer=a_customer(id="C-LATE"),
                       order=Order(id="O-LATE", merchant_id="M-1", amount_krw=10_000),
                       summary="늦게 커밋되는 접수", description=None, received_at=None,
                       by=team.agent.actor, at=app.clock.now())
    stored = [app.mapper.to_stored_event(event) for event in claim.collect_events()]
    table = f'"{schema}".casemgmt_events'
    with psycopg.connect(POSTGRES_URL) as late, psycopg.connect(POSTGRES_URL,
                                                                 autocommit=True) as look:
        late.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        ids = [late.execute(f"INSERT INTO {table} (originator_id, originator_version, topic,"
                            " state) VALUES (%s, %s, %s, %s) RETURNING notification_id",
                            (e.originator_id, e.originator_version, e.topic, e.state)
                            ).fetchone()[0] for e in stored]
        waiting, deadline = 0, time.monotonic() + CAP_SECONDS
        while waiting < QUEUED and time.monotonic() < deadline:
            waiting = max(waiting, look.execute(
                "SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted",
                (table,)).fetchone()[0])
            time.sleep(0.02)
        visible = look.execute(f"SELECT max(notification_id) FROM {table}").fetchone()[0]
        late.commit()
    return str(claim.id), waiting, visible, ids
