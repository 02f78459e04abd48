"""A load test at a fixed mixed rate against a real `casemgmt serve` on the loopback interface.

python -m bench.load [--backend sqlite|postgres] [--rate 30] [--users 10] [--seconds 60]
                     [--workers N]

Starts the server on a throw-away database (bench/backends.py), runs locust headless
(bench/locustfile.py) for a bounded time, and prints per request kind the count, p50, p95 and
p99 latency and failures, the achieved rate, the 5xx answers counted by the server itself
(/metrics), and the views' lag (events behind the store, sampled from /metrics every half
second). The target is always the server this script started on 127.0.0.1. Figures, not
assertions: the machine is shared.
"""
from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import requests
from prometheus_client.parser import text_string_to_metric_families

from .backends import BACKENDS
from .live import started

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def scrape(url: str) -> dict[tuple, float]:
    text = requests.get(f"{url}/metrics", timeout=10).text
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def server_5xx(found: dict) -> float:
    return sum(v for (name, labels), v in found.items()
               if name == "casemgmt_http_requests_total" and dict(labels)["status"][0] == "5")


class LagSampler(threading.Thread):
    """Each view's lag (events behind the store), from /metrics, every half second."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stop, self.samples = url, threading.Event(), {}

    def run(self) -> None:
        while not self.stop.wait(0.5):
            try:
                found = scrape(self.url)
            except requests.RequestException:
                continue
            for (name, labels), value in found.items():
                if name == "casemgmt_projection_lag_events":
                    self.samples.setdefault(dict(labels)["view"], []).append(value)


def run_locust(url: str, server, args, out: Path) -> Path:
    env = {**os.environ, "CASEMGMT_LOAD_TOKEN": server.tokens["agent"],
           "CASEMGMT_LOAD_STAFF_ID": server.ids["agent"],
           "CASEMGMT_LOAD_RATE_PER_USER": str(args.rate / args.users)}
    prefix = out / "load"
    subprocess.run([sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                    "--host", url, "--users", str(args.users), "--spawn-rate", str(args.users),
                    "--run-time", f"{args.seconds}s", "--stop-timeout", "5", "--csv", str(prefix),
                    "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
                   env=env, check=True, timeout=args.seconds + 120,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Path(f"{prefix}_stats.csv")


def report(stats: Path, args, errors_5xx: float, lag: dict[str, list[float]], backend) -> None:
    print(f"casemgmt load: {backend.description}; {args.users} clients at {args.rate:g} req/s"
          f" in all for {args.seconds} s; workers: {args.workers or 'one per CPU'}")
    print(f"{'request kind':<22}{'count':>7}{'fail':>6}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    with stats.open() as rows:
        for row in csv.DictReader(rows):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            print(f"{name:<22}{row['Request Count']:>7}{row['Failure Count']:>6}"
                  f"{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}")
            if name == "all":
                print(f"achieved {float(row['Requests/s']):.1f} req/s")
    print(f"5xx answered (server's own count): {errors_5xx:g}")
    for view, values in sorted(lag.items()):
        ordered = sorted(values)
        p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0
        print(f"view lag {view:<17} max {max(values, default=0):g} events, p95 {p95:g},"
              f" samples {len(values)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=list(BACKENDS), default="postgres",
                        help="the database behind the server (default: %(default)s)")
    parser.add_argument("--rate", type=float, default=30.0,
                        help="requests a second from all clients together (default: %(default)s)")
    parser.add_argument("--users", type=int, default=10,
                        help="simulated clients (default: %(default)s)")
    parser.add_argument("--seconds", type=int, default=60,
                        help="how long the load runs (default: %(default)s)")
    parser.add_argument("--workers", type=int, help="API worker processes (default: per CPU)")
    args = parser.parse_args(argv)
    with BACKENDS[args.backend]() as backend, started(backend.casemgmt_url,
                                                      args.workers) as server:
        before = server_5xx(scrape(server.url))
        sampler = LagSampler(server.url)
        sampler.start()
        with tempfile.TemporaryDirectory(prefix="casemgmt-load-") as out:
            stats = run_locust(server.url, server, args, Path(out))
            sampler.stop.set()
            errors = server_5xx(scrape(server.url)) - before
            report(stats, args, errors, sampler.samples, backend)
    return 0


if __name__ == "__main__":
    sys.exit(main())
