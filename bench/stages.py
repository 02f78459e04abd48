"""Where a command's server CPU goes, stage by stage (in process, Flask's test client).

python -m bench.stages [--backend sqlite|postgres|all] [--requests N]

Profiles N intakes and N notes with cProfile on CPU time and reports, per request, the
cumulative CPU of each stage's entry function (stages nest: save includes the rows that
commit with the events; the rest is Flask, routing and the test client). Figures, not
assertions.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time

from casemgmt.api import create_app
from casemgmt.bootstrap import build
from casemgmt.config import Settings

from .backends import BACKENDS

STAGES = {  # stage → (module path fragment, function name) of its entry point
    "auth (token → staff, cached)": ("api/auth.py", "current_actor"),
    "body parse + validation": ("webargs/core.py", "parse"),
    "load the claim": ("application/base.py", "get_claim"),
    "save (events + key + idempotency + access log, 1 tx)": ("application/base.py",
                                                            "save_atomically"),
    "render the answer": ("api/claim_results.py", "render_claim"),
    "whole request": ("flask/app.py", "wsgi_app"),
}
INTAKE = {"channel": "phone", "category": "merchant_service",
          "customer": {"id": "C-1", "name": "김민수", "phone": "010-1234-5678"},
          "summary": "레스토랑 이용권: 두 번 방문했는데 모두 휴업"}


def profile(url: str, requests: int) -> dict[str, float]:
    svc = build(Settings(database_url=url, rate_limit_per_minute=10**7))
    svc.projections.background = True  # as served: requests never run the runner
    _, agent = svc.casemgmt.add_staff("bench agent", "agent", 30_000)
    _, boss = svc.casemgmt.add_staff("bench boss", "supervisor", 10**7)
    client = create_app(services=svc).test_client()
    as_agent = {"Authorization": f"Bearer {agent}", "Idempotency-Key": ""}
    as_boss = {"Authorization": f"Bearer {boss}"}
    claims = [client.post("/api/v1/claims", json=INTAKE, headers={
        "Authorization": f"Bearer {agent}"}).get_json()["id"] for _ in range(20)]

    def work(n: int, offset: int) -> None:
        for i in range(n):
            headers = {**as_agent, "Idempotency-Key": f"k-{offset + i}"}
            assert client.post("/api/v1/claims", json=INTAKE, headers=headers).status_code == 201
            assert client.post(f"/api/v1/claims/{claims[i % 20]}/notes", json={"text": "메모"},
                               headers=as_boss).status_code == 200

    work(20, 0)  # warm
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    work(requests, 1000)
    profiler.disable()
    svc.close()
    stats = pstats.Stats(profiler).stats
    per_request = 2 * requests
    shown = {}
    for stage, (path, name) in STAGES.items():
        total = sum(value[3] for (file, _, function), value in stats.items()
                    if function == name and file.endswith(path))
        shown[stage] = 1000 * total / per_request
    return shown


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__)
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="all")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args(argv)
    for name in (list(BACKENDS) if args.backend == "all" else [args.backend]):
        with BACKENDS[name]() as backend:
            shown = profile(backend.casemgmt_url, args.requests)
        print(f"{name}: CPU ms per command under cProfile (intake and note alternating; "
              "profiling slows everything alike, compare the shares)")
        for stage, ms in shown.items():
            print(f"  {stage:55} {ms:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
