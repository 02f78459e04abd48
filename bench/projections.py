"""Projection figures: catch-up events/s, work-queue page latency at scale, as-of replay.

python -m bench.projections [--quick] [--backend sqlite|postgres|all] [--queue-rows N]

The work-queue rows for the latency figure are generated straight into the view table
(filing a million claims through the application would take hours on two cores); the
query path measured is the API's, queue_query.page.
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import random
import statistics
import sys
import time
import uuid
from datetime import datetime, timedelta

from casemgmt.bootstrap import build
from casemgmt.config import Settings
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Category, Channel, Customer, Order, Status
from casemgmt.projections import queue_query
from casemgmt.projections.audit_trail import version_as_of
from casemgmt.projections.work_queue import COLUMNS

from .backends import BACKENDS, BackendUnavailable

T0 = datetime(2024, 1, 1, 9, 0, tzinfo=SEOUL)


def catch_up_rate(url: str, claims: int, notes_per_claim: int) -> dict:
    svc = build(Settings(database_url=url))
    app = svc.casemgmt
    app.calendar.is_business_day(T0)  # loaded before the first batch, as `serve` does
    agent = app.add_staff("벤치 상담사", "agent", 100_000)[0].as_actor()
    at = T0
    for start in range(0, claims, 100):
        batch = []
        for n in range(start, min(start + 100, claims)):
            at += timedelta(minutes=1)
            claim = Claim.file(channel="phone", category="delivery",
                               customer=Customer(f"C-{n}", "김민수", phone="010-1234-5678"),
                               order=Order("O-1", "M-1", 10_000), summary="배송 지연",
                               description="택배가 오지 않습니다", received_at=at, by=agent, at=at)
            claim.assign(agent, by=agent, at=at)
            for i in range(notes_per_claim):
                claim.add_note(f"메모 {i}", by=agent, at=at)
            batch.append(claim)
        app.save(*batch)
    events = app.recorder.max_notification_id()
    began = time.perf_counter()
    began_cpu = time.process_time()
    applied = svc.projections.rebuild()
    seconds = time.perf_counter() - began
    cpu_seconds = time.process_time() - began_cpu
    svc.close()
    return {"events": applied, "store_head": events, "seconds": seconds,
            "events_per_s": applied / seconds, "events_per_cpu_s": applied / cpu_seconds}


def fill_queue(svc, rows: int, rng: random.Random) -> list[str]:
    """Synthetic work-queue rows, shaped like real ones (sealed personal fields included)."""
    assignees = [str(uuid.uuid4()) for _ in range(200)]
    customers = [f"C-{n}" for n in range(rows // 3 + 1)]
    sealed = "pii:v1:" + base64.b64encode(os.urandom(48)).decode()
    statuses, categories, channels = list(Status), list(Category), list(Channel)
    batch = []
    with svc.db.transaction() as cur:
        for n in range(rows):
            received = T0 + timedelta(seconds=n * 30)
            status = statuses[rng.randrange(len(statuses))].value
            closed = received + timedelta(days=2) if status == "closed" else None
            due = None if closed else received + timedelta(days=rng.randrange(1, 10))
            batch.append((
                str(uuid.UUID(int=rng.getrandbits(128))), rng.randrange(1, 30), status,
                channels[rng.randrange(len(channels))].value,
                categories[rng.randrange(len(categories))].value, "normal",
                assignees[rng.randrange(len(assignees))] if status != "new" else None,
                customers[rng.randrange(len(customers))], sealed, sealed, None, "regular", "[]",
                sealed, "[]", received, None, closed, received + timedelta(days=1),
                received + timedelta(days=5), None,
                json.dumps([["resolution", due.isoformat()]]) if due else "[]", due,
                0, False, 1, None))
            if len(batch) == 10_000:
                _insert(cur, batch)
                batch = []
        _insert(cur, batch)
        cur.execute("ANALYZE" if cur.backend == "sqlite" else "ANALYZE work_queue")
    return assignees


def _insert(cur, batch: list[tuple]) -> None:
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    cur.executemany(f"INSERT INTO work_queue ({', '.join(COLUMNS)}) VALUES ({placeholders})", batch)


def queue_latency(url: str, rows: int, queries: int) -> dict:
    rng = random.Random(7)
    svc = build(Settings(database_url=url))
    began = time.perf_counter()
    assignees = fill_queue(svc, rows, rng)
    filled = time.perf_counter() - began
    now = T0 + timedelta(seconds=rows * 15)
    timings = []
    for q in range(queries):
        filters = _random_filters(rng, assignees, rows)
        after = None
        if q % 4 == 3:  # every fourth query asks for a later page
            _, after = queue_query.page(svc.db, filters, now=now, limit=50)
        began = time.perf_counter()
        queue_query.page(svc.db, filters, now=now, limit=50, after=after)
        timings.append((time.perf_counter() - began) * 1000)
    svc.close()
    timings.sort()
    return {"rows": rows, "fill_s": filled, "queries": queries,
            "p50_ms": statistics.median(timings), "p99_ms": timings[int(len(timings) * 0.99) - 1],
            "max_ms": timings[-1]}


def _random_filters(rng: random.Random, assignees: list[str], rows: int) -> dict:
    choice = rng.randrange(7)
    if choice == 0:
        return {"status": rng.choice(list(Status)).value}
    if choice == 1:
        return {"category": rng.choice(list(Category)).value, "channel": "phone"}
    if choice == 2:
        return {"assignee": rng.choice(assignees)}
    if choice == 3:
        return {"customer_id": f"C-{rng.randrange(rows // 3)}"}
    if choice == 4:
        return {"overdue": True}
    if choice == 5:
        start = T0 + timedelta(seconds=rng.randrange(rows) * 30)
        return {"received_from": start, "received_to": start + timedelta(days=1)}
    return {"status": "in_progress", "category": rng.choice(list(Category)).value}


def as_of_replay(url: str, events: int, reads: int) -> dict:
    svc = build(Settings(database_url=url, snapshot_interval=50))
    app = svc.casemgmt
    agent = app.add_staff("벤치 상담사", "agent", 100_000)[0].as_actor()
    claim = Claim.file(channel="chat", category="delivery", customer=Customer("C-1", "김민수"),
                       order=None, summary="긴 이력", description=None, received_at=T0,
                       by=agent, at=T0)
    claim.assign(agent, by=agent, at=T0)
    app.save(claim)
    for i in range(events - 2):
        app.add_note(agent, claim.id, f"메모 {i}")
    svc.projections.catch_up()
    rng = random.Random(11)
    by_version, by_time, cpu = [], [], []
    for _ in range(reads):
        version = rng.randrange(1, events + 1)
        began, began_cpu = time.perf_counter(), time.process_time()
        app.claim_at_version(claim.id, version)
        by_version.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        began = time.perf_counter()
        found = version_as_of(svc.db, str(claim.id), app.clock.now())
        app.claim_at_version(claim.id, found)
        by_time.append((time.perf_counter() - began) * 1000)
    svc.close()
    # CPU time is what this process spent, whatever else the shared machine is doing.
    return {"events": events, "version_cpu_mean_ms": statistics.mean(cpu),
            "version_p50_ms": statistics.median(by_version),
            "version_p99_ms": sorted(by_version)[int(reads * 0.99) - 1],
            "as_of_p50_ms": statistics.median(by_time),
            "as_of_p99_ms": sorted(by_time)[int(reads * 0.99) - 1]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.projections", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="all")
    parser.add_argument("--queue-rows", type=int)
    args = parser.parse_args(argv)
    claims, notes = (300, 5) if args.quick else (3_000, 8)
    rows = args.queue_rows or (100_000 if args.quick else 1_000_000)
    names = list(BACKENDS) if args.backend == "all" else [args.backend]
    for name in names:
        try:
            with BACKENDS[name]() as backend:
                print(f"- {backend.description}", flush=True)
                c = catch_up_rate(backend.casemgmt_url, claims, notes)
                print(f"  catch-up (rebuild of 3 views): {c['events']} events in {c['seconds']:.2f} s"
                      f" = {c['events_per_s']:,.0f} events/s"
                      f" ({c['events_per_cpu_s']:,.0f} per CPU-second of this process)", flush=True)
                r = as_of_replay(backend.casemgmt_url, 1_000, 200)
                print(f"  1,000-event claim: at a version {r['version_cpu_mean_ms']:.2f} ms CPU"
                      f" (mean), wall p50 {r['version_p50_ms']:.2f} ms,"
                      f" p99 {r['version_p99_ms']:.2f} ms; as of a time p50 {r['as_of_p50_ms']:.2f}"
                      f" ms, p99 {r['as_of_p99_ms']:.2f} ms", flush=True)
            with BACKENDS[name]() as backend:
                q = queue_latency(backend.casemgmt_url, rows, 400)
                print(f"  work queue at {q['rows']:,} claims (filled in {q['fill_s']:.0f} s):"
                      f" filtered page p50 {q['p50_ms']:.2f} ms, p99 {q['p99_ms']:.2f} ms,"
                      f" max {q['max_ms']:.2f} ms over {q['queries']} queries", flush=True)
        except BackendUnavailable as error:
            print(f"{name}: not measured ({error})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
