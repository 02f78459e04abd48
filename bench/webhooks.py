"""Webhook figures: deliveries/s to a local receiver, and the lag from commit to delivery.

python -m bench.webhooks [--quick] [--backend sqlite|postgres|all] [--deliveries N]
                         [--rate EVENTS_PER_S] [--seconds S]

The receiver is a threaded http.server in a process of its own (so it does not share this
process's interpreter lock with the runner), on 127.0.0.1, answering 200 at once. Goals
(issue 13): at least 1,000 deliveries/s, and p99 lag at most 1 s at 100 events/s.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from casemgmt.bootstrap import build
from casemgmt.config import Settings
from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Customer, Order
from casemgmt.webhooks.wiring import compose

from .backends import BACKENDS, BackendUnavailable
from .projections import T0


def receive(ready, stop, arrivals) -> None:
    """The receiver process: answers 200, remembers (arrival time, claim, version)."""
    seen: list[tuple[float, str, int]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append((time.time(), body["claim_id"], body["version"]))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        request_queue_size = 128  # not the default 5: the runner opens many connections at once
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.send(server.server_port)
    stop.wait()
    server.shutdown()
    arrivals.send(seen)


class LocalReceiver:
    def __enter__(self) -> "LocalReceiver":
        self._stop = multiprocessing.Event()
        port_in, port_out = multiprocessing.Pipe(duplex=False)
        self._arrivals_in, arrivals_out = multiprocessing.Pipe(duplex=False)
        self._process = multiprocessing.Process(target=receive,
                                                args=(port_out, self._stop, arrivals_out))
        self._process.start()
        self.url = f"http://127.0.0.1:{port_in.recv()}/hook"
        return self

    def arrivals(self) -> list[tuple[float, str, int]]:
        self._stop.set()
        found = self._arrivals_in.recv()
        self._process.join(timeout=10)
        return found

    def __exit__(self, *exc) -> None:
        if self._process.is_alive():
            self._stop.set()
            self._process.join(timeout=10)


def a_claim(agent, n: int) -> Claim:
    claim = Claim.file(channel="phone", category="delivery",
                       customer=Customer(f"C-{n}", "김민수", phone="010-1234-5678"),
                       order=Order("O-1", "M-1", 10_000), summary="배송 지연", description=None,
                       received_at=T0, by=agent, at=T0)
    claim.assign(agent, by=agent, at=T0)
    return claim


def throughput(url: str, deliveries: int) -> dict:
    with LocalReceiver() as receiver:
        svc = build(replace(Settings(database_url=url), webhook_allow_private=True))
        app = svc.casemgmt
        agent, _ = app.add_staff("벤치 상담사", "agent", 100_000)
        admin, _ = app.add_staff("벤치 관리자", "admin", 0)
        webhooks = compose(svc)
        webhooks.desk.subscribe(admin.as_actor(), url=receiver.url, events=["*"])
        for start in range(0, deliveries // 2, 100):  # two events a claim
            app.save(*[a_claim(agent.as_actor(), n)
                       for n in range(start, min(start + 100, deliveries // 2))])
        runner = webhooks.runner()
        began, began_cpu = time.perf_counter(), time.process_time()
        while runner.tries < deliveries:
            runner.step(wait_s=0.01)
        seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
        runner.close()
        arrived = len(receiver.arrivals())
        svc.close()
    return {"deliveries": runner.tries, "arrived": arrived, "seconds": seconds,
            "per_s": runner.tries / seconds, "per_cpu_s": runner.tries / cpu}


def lag(url: str, rate: float, seconds: float) -> dict:
    with LocalReceiver() as receiver:
        svc = build(replace(Settings(database_url=url), webhook_allow_private=True))
        app = svc.casemgmt
        agent = app.add_staff("벤치 상담사", "agent", 100_000)[0].as_actor()
        admin = app.add_staff("벤치 관리자", "admin", 0)[0].as_actor()
        claims = [a_claim(agent, n) for n in range(20)]
        app.save(*claims)
        claims = [str(c.id) for c in claims]
        webhooks = compose(svc)
        webhooks.desk.subscribe(admin, url=receiver.url, events=["*"])
        stop = threading.Event()
        runner = webhooks.runner()
        running = threading.Thread(target=runner.run_forever, args=(stop,), daemon=True)
        running.start()
        app.add_note(agent, claims[0], "준비")  # the runner's first round is not measured
        while runner.tries < 1:
            time.sleep(0.01)
        committed = {}
        interval, due = 1 / rate, time.perf_counter()
        for n in range(int(rate * seconds)):
            due += interval
            time.sleep(max(0.0, due - time.perf_counter()))
            claim = app.add_note(agent, claims[n % len(claims)], f"메모 {n}")
            committed[(str(claim.id), claim.version)] = time.time()
        deadline = time.monotonic() + 30
        while runner.tries < len(committed) + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        stop.set()
        running.join(timeout=30)
        lags = sorted(at - committed[(claim, version)] for at, claim, version
                      in receiver.arrivals() if (claim, version) in committed)
        svc.close()
    return {"events": len(committed), "delivered": len(lags),
            "p50_ms": statistics.median(lags) * 1000,
            "p99_ms": lags[int(len(lags) * 0.99) - 1] * 1000, "max_ms": lags[-1] * 1000}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.webhooks", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="all")
    parser.add_argument("--deliveries", type=int)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float)
    args = parser.parse_args(argv)
    deliveries = args.deliveries or (1_000 if args.quick else 5_000)
    seconds = args.seconds or (5 if args.quick else 30)
    for name in list(BACKENDS) if args.backend == "all" else [args.backend]:
        try:
            with BACKENDS[name]() as backend:
                print(f"- {backend.description}", flush=True)
                t = throughput(backend.casemgmt_url, deliveries)
                print(f"  throughput: {t['deliveries']:,} deliveries in {t['seconds']:.2f} s"
                      f" = {t['per_s']:,.0f}/s ({t['per_cpu_s']:,.0f} per CPU-second of the"
                      f" runner's process; goal ≥ 1,000/s)", flush=True)
            with BACKENDS[name]() as backend:
                g = lag(backend.casemgmt_url, args.rate, seconds)
                print(f"  lag at {args.rate:.0f} events/s for {seconds:.0f} s: {g['delivered']:,}"
                      f" of {g['events']:,} delivered; commit → receiver p50 {g['p50_ms']:.0f} ms,"
                      f" p99 {g['p99_ms']:.0f} ms, max {g['max_ms']:.0f} ms (goal p99 ≤ 1,000 ms)",
                      flush=True)
        except BackendUnavailable as error:
            print(f"{name}: not measured ({error})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
