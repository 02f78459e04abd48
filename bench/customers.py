"""Customer figures: look-up by phone at a million claims, and the claims export's memory.

python -m bench.customers [--quick] [--backend sqlite|postgres|all] [--claims N] [--export N]

The rows are generated straight into the view tables (blind index, customer_claims,
customer_concessions) and data_keys, shaped as the projections write them — keys wrapped by
a master key, personal fields sealed — because filing a million claims through the
application would take hours on two cores. The paths measured are the API's: the directory
the look-up uses (and the HTTP request, access log included), and GET /claims/export.csv
read chunk by chunk with the process's resident memory sampled as it streams.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta

from eventsourcing.cryptography import AESCipher

from casemgmt.api import create_app
from casemgmt.application.customers import CustomerDirectory
from casemgmt.bootstrap import build
from casemgmt.config import Settings
from casemgmt.domain.calendar import SEOUL
from casemgmt.projections.customers import CLAIM_COLUMNS, DECISION_COLUMNS

from .backends import BACKENDS, BackendUnavailable

T0 = datetime(2025, 1, 1, 9, tzinfo=SEOUL)
BATCH = 10_000


def phone_of(n: int) -> str:
    return f"010-{n // 10_000 % 10_000:04d}-{n % 10_000:04d}"


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def seed(svc, claims: int, *, index: bool, progress) -> None:
    """`claims` claims of claims*2/3 customers: keys, 360 rows, one decision each, index."""
    app = svc.casemgmt
    customers = max(1, claims * 2 // 3)
    rows = {"data_keys": [], "customer_claims": [], "customer_concessions": [],
            "customer_index": []}
    for n in range(claims):
        claim_id = f"{n:08d}-bench-claim"
        c = n % customers  # every customer has a claim; a third of them two
        customer_id, key = f"C-{c:07d}", os.urandom(32)
        received = T0 + timedelta(seconds=n * 30)
        seal = app.sealer.seal
        rows["data_keys"].append((claim_id, customer_id, app.keys._wrap(key, claim_id),
                                  received.isoformat()))
        closed = received + timedelta(days=2) if n % 3 else None
        rows["customer_claims"].append((
            claim_id, customer_id, 5, "closed" if closed else "in_progress", "phone", "delivery",
            received, received, received + timedelta(hours=1), closed,
            "resolved" if closed else None, 8 if closed else None,
            seal(claim_id, f"고객{c}", key), seal(claim_id, phone_of(c), key),
            seal(claim_id, f"c{c}@example.com", key), "regular", "[]",
            seal(claim_id, f"O-{n}", key), 0, 0))
        rows["customer_concessions"].append((
            claim_id, "d-1", customer_id, "coupon", 10_000, "approved", None, received, received))
        if index:
            for field, value in (("phone", phone_of(c)), ("email", f"c{c}@example.com"),
                                 ("name", f"고객{c}"), ("order_id", f"O-{n}")):
                rows["customer_index"].append(
                    (field, app.blind_index.digest(field, value), claim_id, customer_id))
        if len(rows["data_keys"]) >= BATCH or n == claims - 1:
            _write(svc, rows)
            progress(n + 1)
            rows = {table: [] for table in rows}
    with svc.db.transaction() as cur:
        cur.execute("ANALYZE")


COLUMNS = {"data_keys": ("claim_id", "customer_id", "wrapped_key", "created_at"),
           "customer_claims": CLAIM_COLUMNS, "customer_concessions": DECISION_COLUMNS,
           "customer_index": ("field", "digest", "claim_id", "customer_id")}


def _write(svc, rows: dict[str, list[tuple]]) -> None:
    with svc.db.transaction() as cur:
        for table, batch in rows.items():
            columns = COLUMNS[table]
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES"
                            f" ({', '.join(['%s'] * len(columns))})", batch)


def look_ups(url: str, claims: int, queries: int, progress) -> dict:
    svc = build(Settings(database_url=url, cipher_key=AESCipher.create_key(32)))
    began = time.perf_counter()
    seed(svc, claims, index=True, progress=progress)
    seeded = time.perf_counter() - began
    app, rng = svc.casemgmt, random.Random(5)
    directory = CustomerDirectory(svc.db, app.sealer, app.blind_index)
    customers = max(1, claims * 2 // 3)
    timings, found, began_cpu = [], 0, time.process_time()
    for _ in range(queries):
        typed = phone_of(rng.randrange(customers)).replace("-", "")  # as an agent types it
        began = time.perf_counter()
        items, _ = directory.find("phone", typed, limit=50)
        timings.append((time.perf_counter() - began) * 1000)
        found += bool(items)
    cpu_ms = (time.process_time() - began_cpu) * 1000 / queries
    http = _http_look_ups(svc, rng, customers, queries // 4)
    svc.close()
    return {"claims": claims, "seed_s": seeded, "queries": queries, "found": found,
            "cpu_ms": cpu_ms, **_percentiles("", timings), **_percentiles("http_", http)}


def _http_look_ups(svc, rng, customers: int, queries: int) -> list[float]:
    """The whole request: token, role, freshness gate, look-up, masking, access-log row."""
    _, token = svc.casemgmt.add_staff("벤치 상담사", "agent", 0)
    svc.projections.catch_up()
    client = create_app(services=svc).test_client()
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    for _ in range(queries):
        query = {"phone": phone_of(rng.randrange(customers))}
        began = time.perf_counter()
        response = client.get("/api/v1/customers", query_string=query, headers=headers)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.get_json()
    return timings


def _percentiles(prefix: str, timings: list[float]) -> dict:
    timings = sorted(timings)
    return {f"{prefix}p50_ms": statistics.median(timings),
            f"{prefix}p99_ms": timings[max(0, int(len(timings) * 0.99) - 1)],
            f"{prefix}max_ms": timings[-1]}


def export_memory(url: str, claims: int, progress) -> dict:
    svc = build(Settings(database_url=url, cipher_key=AESCipher.create_key(32)))
    seed(svc, claims, index=False, progress=progress)
    _, token = svc.casemgmt.add_staff("벤치 감사", "auditor", 0)
    svc.projections.catch_up()
    client = create_app(services=svc).test_client()
    before = rss_mib()
    began = time.perf_counter()
    response = client.get("/api/v1/claims/export.csv", buffered=False,
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.is_streamed
    size, lines, peak, series = 0, 0, before, []
    for chunk in response.response:
        size += len(chunk)
        lines += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
        peak = max(peak, rss_mib())
        while len(series) < 5 and lines > (len(series) + 1) * claims / 5:
            series.append(rss_mib())  # at each fifth of the rows: flat, or growing with them?
    seconds = time.perf_counter() - began
    response.close()
    after = rss_mib()
    svc.close()
    return {"claims": claims, "rows": lines - 1, "mib": size / 2**20, "seconds": seconds,
            "rss_before": before, "rss_peak": peak, "rss_after": after, "series": series}


def report_export(url: str, claims: int, progress) -> None:
    e = export_memory(url, claims, progress)
    grew = e["rss_peak"] - e["rss_before"]
    print(f"  export of {e['claims']:,} claims: {e['rows']:,} rows, {e['mib']:.1f} MiB"
          f" in {e['seconds']:.1f} s; RSS {e['rss_before']:.0f} MiB before, peak"
          f" {e['rss_peak']:.0f} MiB while streaming (+{grew:.0f}), {e['rss_after']:.0f} MiB"
          " after; at each fifth of the rows: " + ", ".join(f"{m:.0f}" for m in e["series"])
          + " MiB", flush=True)


def report_look_ups(url: str, claims: int, queries: int, progress) -> None:
    q = look_ups(url, claims, queries, progress)
    print(f"  look-up by phone at {q['claims']:,} claims (seeded in {q['seed_s']:.0f} s,"
          f" {q['found']}/{q['queries']} found): directory p50 {q['p50_ms']:.2f} ms,"
          f" p99 {q['p99_ms']:.2f} ms, max {q['max_ms']:.2f} ms ({q['cpu_ms']:.2f} ms CPU of"
          f" this process each); whole HTTP request p50 {q['http_p50_ms']:.2f} ms,"
          f" p99 {q['http_p99_ms']:.2f} ms", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.customers", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="100,000 claims, 10,000 exported")
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="all")
    parser.add_argument("--claims", type=int, help="claims behind the look-ups (1,000,000)")
    parser.add_argument("--export", type=int, help="claims exported (100,000)")
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--only", choices=["export", "look-up"], help="one of the two figures")
    args = parser.parse_args(argv)
    claims = args.claims or (100_000 if args.quick else 1_000_000)
    exported = args.export or (10_000 if args.quick else 100_000)

    def progress(done: int) -> None:
        if done % 100_000 == 0:
            print(f"  … {done:,} claims seeded", file=sys.stderr, flush=True)

    for name in (list(BACKENDS) if args.backend == "all" else [args.backend]):
        try:
            if args.only != "look-up":
                with BACKENDS[name]() as backend:  # a database of its own for each figure
                    print(f"- {backend.description}", flush=True)
                    report_export(backend.casemgmt_url, exported, progress)
            if args.only != "export":
                with BACKENDS[name]() as backend:
                    print(f"- {backend.description}", flush=True)
                    report_look_ups(backend.casemgmt_url, claims, args.queries, progress)
        except BackendUnavailable as error:
            print(f"{name}: not measured ({error})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
