"""Crash-proven: nothing acknowledged is lost, nothing is done twice.

Four writers (each its own agent token) file claims, take them and add notes against a real
`casemgmt serve --workers 2`, every POST with an Idempotency-Key that its retries reuse. Then:

- SQLite: the whole server (master, workers, background process) is SIGKILLed at random
  moments, ten times, and started again as a supervisor would start it;
- PostgreSQL: a cluster of the test's own is stopped with `-m immediate` (a crash: no
  checkpoint, recovery from the WAL at the next start) ten times, the server left running.

Afterwards every write that was answered 2xx is in the store, once (a retried key never wrote
twice); the SQLite file passes `PRAGMA integrity_check`; the service answered again within 30 s
of each crash (SQLite: of the kill; PostgreSQL: of the database being back); no request was
ever answered 500 or `409 idempotency-key-in-flight`; and every request in flight at a crash
resolved — its retry replayed the stored answer or ran it anew — within 30 s of its first
failure. Seeded; the bounds do not depend on how loaded the machine is (they are the 30 s the
issue allows, and counts).
"""
from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest
import requests

from casemgmt.bootstrap import build
from casemgmt.config import Settings
from tests.api.live import staff_add

from .crash import Serve, Writer, a_claim
from .private_postgres import private_cluster

SEED = 20261202
CRASHES = 10
WRITERS = 4
ANSWER_AGAIN = 30.0    # seconds after a crash (the bound)
RESOLVED_WITHIN = 30.0  # seconds from a request's first failure to its definite answer
SERVE_SETTINGS = {"CASEMGMT_RATE_LIMIT_PER_MINUTE": "1000000"}  # writers are not throttled


@dataclass
class Run:
    writers: list[Writer]
    recoveries: list[float]      # seconds until answering again, per crash
    outages: list[float]         # seconds the database was down (PostgreSQL)
    settings: Settings


@dataclass
class Probe:
    """An authenticated read that needs the database: one claim, by a supervisor."""

    path: str
    token: str


@contextmanager
def writing(database_url: str, workdir: Path) -> Iterator[tuple[Serve, list[Writer], Probe]]:
    """The server up, four writers writing; stops them (their retries resolved) on exit."""
    staff = [staff_add(database_url, f"작성자{n}", "agent") for n in range(WRITERS)]
    supervisor = staff_add(database_url, "감독자", "supervisor")
    serve = Serve(database_url, workdir, settings={
        **SERVE_SETTINGS, "CASEMGMT_RATE_LIMIT_DIR": str(workdir / "limits")})
    serve.start()
    serve.wait_until_answering("/healthz", "")
    filed = requests.post(serve.url + "/api/v1/claims", json=a_claim("C-PROBE"), timeout=30,
                          headers={"Authorization": f"Bearer {supervisor['token']}"})
    assert filed.status_code == 201, filed.text
    probe = Probe(f"/api/v1/claims/{filed.json()['id']}", supervisor["token"])
    stop = threading.Event()
    writers = [Writer(f"w{n}", serve.url, member, SEED + n, stop)
               for n, member in enumerate(staff)]
    for writer in writers:
        writer.start()
    try:
        yield serve, writers, probe
        time.sleep(1.0)  # writing on after the last crash
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=180)
        serve.stop()
    assert not any(w.is_alive() for w in writers), "a writer hung"
    assert [w.error for w in writers] == [None] * WRITERS


def crash_again_and_again(crash: Callable[[random.Random], float | None], serve: Serve,
                          probe: Probe) -> tuple[list[float], list[float]]:
    rng = random.Random(SEED)
    recoveries, outages = [], []
    for _ in range(CRASHES):
        time.sleep(rng.uniform(0.4, 2.5))  # anywhere in the writers' work
        outage = crash(rng)
        if outage is not None:
            outages.append(outage)
        recoveries.append(serve.wait_until_answering(probe.path, probe.token,
                                                     timeout=ANSWER_AGAIN * 2))
    return recoveries, outages


# -- the store afterwards ----------------------------------------------------------------------

def missing_writes(settings: Settings, writers: list[Writer]) -> list[str]:
    """Every acknowledged write that is not in the store exactly once."""
    services = build(settings)
    try:
        app = services.casemgmt
        filings = Counter(app.mapper.to_domain_event(n).customer["id"]
                          for n in app.recorder.select_notifications(start=1, limit=10**7)
                          if n.topic.endswith(":Claim.Filed"))
        missing = []
        for writer in writers:
            ledger = writer.ledger
            claims = {claim_id: app.get_claim(claim_id) for claim_id in ledger.filed}
            for claim_id, customer in ledger.filed.items():
                if filings[customer] != 1 or claims[claim_id].customer.id != customer:
                    missing.append(f"{claim_id} filed {filings[customer]} times")
            for claim_id in ledger.taken:
                if claims[claim_id].assignee != writer.staff["id"]:
                    missing.append(f"{claim_id} not taken by {writer.name}")
            for text, claim_id in ledger.notes.items():
                found = [note for note in claims[claim_id].notes if note.text == text]
                if len(found) != 1:
                    missing.append(f"{text!r} on {claim_id} {len(found)} times")
        return missing
    finally:
        services.close()


def figures(run: Run) -> dict:
    flights = [f for w in run.writers for f in w.ledger.in_flight]
    return {
        "acknowledged_writes": sum(w.ledger.acknowledged for w in run.writers),
        "requests_sent": sum(w.ledger.sent for w in run.writers),
        "crashes": len(run.recoveries),
        "seconds_to_answer_again": {"max": round(max(run.recoveries), 2),
                                    "mean": round(sum(run.recoveries) / len(run.recoveries), 2)},
        "database_down_seconds": [round(o, 2) for o in run.outages],
        "keys_retried": len(flights),
        "retries_replayed": sum(f.replayed for f in flights),
        "retries_ran_anew": sum(f.resolved_at is not None and not f.replayed for f in flights),
        "seconds_to_resolve_a_key": {"max": round(max(
            [f.resolved_at - f.failed_at for f in flights if f.resolved_at] or [0]), 2)},
    }


def assert_nothing_lost(run: Run) -> None:
    print("\ncrash figures:", json.dumps(figures(run), ensure_ascii=False))
    unexpected = [u for w in run.writers for u in w.ledger.unexpected]
    flights = [f for w in run.writers for f in w.ledger.in_flight]
    assert unexpected == [], unexpected[:5]                      # no 500, no lasting 409
    assert all(f.resolved_at is not None for f in flights), [
        f.statuses[-5:] for f in flights if f.resolved_at is None][:5]
    assert max(f.resolved_at - f.failed_at for f in flights) <= RESOLVED_WITHIN
    assert max(run.recoveries) <= ANSWER_AGAIN
    assert sum(w.ledger.acknowledged for w in run.writers) > 100
    assert len(flights) >= CRASHES // 2                         # crashes caught writes midway
    assert missing_writes(run.settings, run.writers) == []


# -- the tests -----------------------------------------------------------------------------------

@pytest.mark.slow
def test_sigkilling_the_sqlite_server_ten_times_loses_no_acknowledged_write(tmp_path):
    database = tmp_path / "casemgmt.db"
    url = f"sqlite:///{database}"
    with writing(url, tmp_path) as (serve, writers, probe):
        def kill(rng: random.Random) -> None:
            serve.kill()
            serve.start()  # as a supervisor (systemd, the container's restart policy) would

        recoveries, outages = crash_again_and_again(kill, serve, probe)

    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert_nothing_lost(Run(writers, recoveries, outages, Settings(database_url=url)))


@pytest.mark.slow
def test_crashing_postgresql_ten_times_loses_no_acknowledged_write(tmp_path):
    with private_cluster() as cluster:
        with writing(cluster.url, tmp_path) as (serve, writers, probe):
            def crash(rng: random.Random) -> float:
                stopped = time.monotonic()
                cluster.stop("immediate")
                time.sleep(rng.uniform(0.0, 1.0))
                cluster.start()  # recovery from the WAL
                return time.monotonic() - stopped

            recoveries, outages = crash_again_and_again(crash, serve, probe)

        assert_nothing_lost(Run(writers, recoveries, outages,
                                Settings(database_url=cluster.url)))
