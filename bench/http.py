"""The request path measured over HTTP against a real `casemgmt serve`, beside the bare library.

python -m bench.http [--backend sqlite|postgres|all] [--quick] [--workers N]

P1  claims filed/s over HTTP (4 keep-alive clients) ÷ the bare library filing with 4 threads
    on the same database (goal ≥ 0.60)
P2  commands at a fixed 100/s and 300/s: p50/p99 latency from the scheduled send time
P3  as-of read of a 1,000-event claim over HTTP (goal ≤ 5 ms)
P4  projection catch-up, events/s (goal ≥ 20,000)
P5  view lag p99 at 100 commands/s: a command's answer → the views have applied it
P6  the audit feed, events/s for an auditor paging 500 at a time (goal ≥ 50,000)
P8  RSS of each worker process
and the server's CPU ms per request (workers + background process, from /proc).
Figures, not assertions: the machine is shared, so the ratio is what to compare.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field


from casemgmt.bootstrap import build
from casemgmt.config import Settings

from .backends import BACKENDS, BackendUnavailable
from .live import LiveServer, cpu_seconds, postgres_cpu_seconds, rss_mb, started
from .projections import catch_up_rate
from .subjects import RawSubject

CLIENTS = 4
INTAKE = {"channel": "phone", "category": "merchant_service",
          "customer": {"id": "C-1", "name": "김민수", "phone": "010-1234-5678"},
          "order": {"id": "O-77", "merchant_id": "M-9", "amount_krw": 89000},
          "summary": "레스토랑 이용권: 두 번 방문했는데 모두 휴업"}


@dataclass
class Run:
    seconds: float
    figures: dict = field(default_factory=dict)


def filed_per_second(send, seconds: float, clients: int = CLIENTS) -> float:
    stop, counts = time.monotonic() + seconds, [0] * clients

    def loop(n: int) -> None:
        while time.monotonic() < stop:
            send(n)
            counts[n] += 1

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(loop, range(clients)))
    return sum(counts) / seconds


def p1(server: LiveServer, url: str, seconds: float) -> dict:
    raw = RawSubject(url)
    try:
        raw_rate = filed_per_second(lambda n: raw.file(n), seconds)
    finally:
        raw.close()
    sessions = [server.session("agent") for _ in range(CLIENTS)]
    cpu_before, done = cpu_seconds(server), []

    def send(n: int) -> None:
        response = sessions[n].post(f"{server.api}/claims", json=INTAKE, timeout=30)
        assert response.status_code == 201, response.text
        done.append(1)

    client_before, postgres_before = time.process_time(), postgres_cpu_seconds()
    http_rate = filed_per_second(send, seconds)
    per_request = 1000 / max(len(done), 1)
    # Where the two cores went: the server, this client (requests on 4 threads) and the
    # database all share them, so their sum per request bounds the rate.
    return {"raw_per_s": raw_rate, "http_per_s": http_rate, "ratio": http_rate / raw_rate,
            "server_cpu_ms_per_request": per_request * (cpu_seconds(server) - cpu_before),
            "client_cpu_ms_per_request": per_request * (time.process_time() - client_before),
            "postgres_cpu_ms_per_request": per_request * (postgres_cpu_seconds()
                                                          - postgres_before),
            "cpu_ms_per_request_at_this_rate": 1000 * (os.cpu_count() or 1) / http_rate}


def at_fixed_rate(server: LiveServer, claims: list[str], rate: float, seconds: float,
                  watch_lag: bool = False) -> dict:
    """Open loop: command i is due at start + i/rate; latency counts from then (no
    coordinated omission). With watch_lag, every 5th answer's position is watched until
    the views have applied it."""
    total, start = int(rate * seconds), time.monotonic() + 0.2
    latencies, lags, lock = [], [], threading.Lock()
    local = threading.local()
    db = build(Settings(database_url=server.database_url)) if watch_lag else None

    def one(i: int) -> None:
        session = getattr(local, "session", None) or server.session("supervisor")
        local.session = session
        due = start + i / rate
        time.sleep(max(0.0, due - time.monotonic()))
        response = session.post(f"{server.api}/claims/{claims[i % len(claims)]}/notes",
                                json={"text": f"통화 메모 {i}"}, timeout=30)
        answered = time.monotonic()
        with lock:
            latencies.append(answered - due)
        if db is not None and i % 5 == 0 and response.status_code == 200:
            # the answer's position (an older server names none: the store's head then)
            position = int(response.headers.get("Casemgmt-Position", "0")) or (
                db.casemgmt.recorder.max_notification_id() or 0)
            while _views_at(db.projections) < position:
                time.sleep(0.002)
            with lock:
                lags.append(time.monotonic() - answered)

    with ThreadPoolExecutor(64) as pool:
        list(pool.map(one, range(total)))
    if db is not None:
        db.close()
    figures = {"rate": rate, "sent": total, "p50_ms": 1000 * statistics.median(latencies),
               "p99_ms": 1000 * _p99(latencies)}
    if lags:
        figures["view_lag_p99_ms"] = 1000 * _p99(lags)
    return figures


def as_of_read(server: LiveServer, reads: int = 200) -> dict:
    svc = build(Settings(database_url=server.database_url))
    app = svc.casemgmt
    agent = app.staff_actor(server.ids["agent"])
    claim = app.file_claim(agent, channel="phone", category="other", customer=_customer(),
                           order=None, summary="긴 이력")
    app.assign(agent, claim.id, agent.id)
    loaded = app.get_claim(claim.id)
    for i in range(998):
        loaded.add_note(f"메모 {i}", by=agent, at=app.clock.now())
    app.save(loaded)
    svc.close()
    session = server.session("auditor")
    timings = []
    for i in range(reads):
        began = time.perf_counter()
        response = session.get(f"{server.api}/claims/{claim.id}?version={500 + i}", timeout=30)
        timings.append(time.perf_counter() - began)
        assert response.status_code == 200, response.text
    return {"events": 1000, "p50_ms": 1000 * statistics.median(timings),
            "p99_ms": 1000 * _p99(timings)}


def audit_feed(server: LiveServer) -> dict:
    session, after, events = server.session("auditor"), 0, 0
    began = time.perf_counter()
    while True:
        page = session.get(f"{server.api}/audit/events?after={after}&limit=500", timeout=60)
        items = page.json()["items"]
        events += len(items)
        if len(items) < 500:
            break
        after = items[-1]["position"]
    seconds = time.perf_counter() - began
    return {"events": events, "events_per_s": events / seconds}


def _customer():
    from casemgmt.domain.values import Customer

    return Customer(id="C-LONG", name="김민수", phone="010-1234-5678")


def _views_at(runner) -> int:
    low = getattr(runner, "low_position", None)
    return low() if low else min(runner.positions().values(), default=0)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


def run_backend(name: str, quick: bool, workers: int | None) -> dict:
    seconds = 5 if quick else 15
    with BACKENDS[name]() as backend, started(backend.casemgmt_url, workers) as server:
        figures = {"P1": p1(server, backend.raw_url, seconds)}
        claims = [server.session("agent").post(f"{server.api}/claims", json=INTAKE,
                                               timeout=30).json()["id"] for _ in range(50)]
        figures["P2@100"] = at_fixed_rate(server, claims, 100, seconds, watch_lag=True)
        figures["P2@300"] = at_fixed_rate(server, claims, 300, seconds)
        figures["P3"] = as_of_read(server, reads=50 if quick else 200)
        figures["P6"] = audit_feed(server)
        figures["P8"] = {"worker_rss_mb": rss_mb(server)}
    with BACKENDS[name]() as backend:
        figures["P4"] = catch_up_rate(backend.casemgmt_url, 400 if quick else 2000, 9)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__)
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="all")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--workers", type=int, default=None, help="default: one per CPU")
    args = parser.parse_args(argv)
    print(f"bench.http: {os.cpu_count()} CPUs, workers {args.workers or os.cpu_count()}")
    for name in (list(BACKENDS) if args.backend == "all" else [args.backend]):
        try:
            figures = run_backend(name, args.quick, args.workers)
        except BackendUnavailable as error:
            print(f"{name}: not measured ({error})")
            continue
        print(f"\n{name}")
        for key, values in figures.items():
            shown = ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}"
                              for k, v in values.items())
            print(f"  {key:7} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
