"""Policy simulation figure: how long replaying a year of claims takes.

python -m bench.simulation [--claims N] [--backend sqlite|postgres|all]

Seeds N claims received across 2025 (default 50,000) straight through the domain and the
application's save (sealed personal data, the real mapper; not over HTTP: filing 500,000
claims through the API would take hours on two cores), each worked as a team works one:
taken, answered, sometimes a fact check, most often a decision (a fifth citing the remedy
standard; pending ones approved or rejected by a supervisor), mostly closed. Then simulates
the year with every agent's limit doubled and prints claims and events a second, and the
time a mid-size centre's year (500,000 claims) would take at that rate.
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from datetime import date, datetime, timedelta

from casemgmt.application.clock import FixedClock
from casemgmt.application.simulations import WhatIf
from casemgmt.bootstrap import build
from casemgmt.config import Settings
from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.claim import Claim
from casemgmt.domain.standard_citation import StandardCalculation
from casemgmt.domain.values import Category, Customer, Order
from casemgmt.infrastructure.progress import Progress

from .backends import BACKENDS, BackendUnavailable

YEAR_START = datetime(2025, 1, 1, 9, 0, tzinfo=SEOUL)
MID_SIZE_YEAR = 500_000
CATEGORIES = [c.value for c in Category]
TIERS = ["regular"] * 7 + ["loyal"] * 2 + ["vip"]
POLICY = AuthorityPolicy()


def seed(services, claims: int, rng: random.Random) -> tuple[int, list]:
    app = services.casemgmt
    agents = [app.add_staff(f"상담사 {n}", "agent", 30_000)[0].as_actor() for n in range(60)]
    bosses = [app.add_staff(f"팀장 {n}", "supervisor", 500_000)[0].as_actor() for n in range(6)]
    standard = services.remedy_standard
    progress = Progress(total=claims, label="seed")
    batch: list[Claim] = []
    for n in range(claims):
        received = YEAR_START + timedelta(seconds=n * 365 * 86_400 // claims)
        batch.append(_a_worked_claim(n, received, rng, rng.choice(agents), rng.choice(bosses),
                                     standard))
        if len(batch) == 200 or n == claims - 1:
            app.save(*batch)
            progress(n + 1, len(batch))
            batch = []
    progress.finish(claims)
    return app.recorder.max_notification_id(), agents


def _a_worked_claim(n, received, rng, agent, boss, standard) -> Claim:
    at = received + timedelta(minutes=rng.randrange(1, 120))
    claim = Claim.file(channel="phone", category=rng.choice(CATEGORIES),
                       customer=Customer(f"C-{n}", "김민수", tier=rng.choice(TIERS),
                                         phone="010-1234-5678"),
                       order=Order(f"O-{n}", "M-9", 89_000), summary="배송이 늦습니다",
                       description="주문한 상품이 오지 않았습니다", received_at=received, by=agent,
                       at=at)
    claim.assign(agent, by=agent, at=at)
    at += timedelta(hours=rng.randrange(1, 40))
    claim.respond("확인 후 연락드리겠습니다.", "phone", by=agent, at=at)
    if rng.random() < 0.3:
        claim.request_fact_check("M-9", "merchant", "발송일을 알려주세요", None, by=agent, at=at)
        at += timedelta(hours=rng.randrange(2, 80))
        claim.answer_fact_check("fc-1", "confirmed", None, [], by=agent, at=at)
    if rng.random() < 0.7:
        at += timedelta(hours=rng.randrange(1, 24))
        _decide(claim, rng, agent, boss, at, standard)
        at += timedelta(hours=rng.randrange(1, 24))
    if rng.random() < 0.9:
        claim.close("resolved", None, by=agent, at=at + timedelta(hours=rng.randrange(1, 100)))
    return claim


def _decide(claim, rng, agent, boss, at, standard) -> None:
    cited = None
    amount = rng.choice([0, 3_000, 5_000, 10_000, 20_000, 30_000, 45_000, 60_000, 89_000])
    remedy = rng.choice(["coupon", "points", "partial_refund", "refund"])
    if remedy in ("refund", "partial_refund") and rng.random() < 0.3:
        price = rng.choice([20_000, 45_000, 89_000])
        result = standard.calculate("food-1", {"price_krw": price}, on=at.date())
        cited = StandardCalculation(result.edition.id, "food-1", result.inputs, result.remedies)
        amount = price + rng.choice([0, 5_000, 40_000])
    decision_id = claim.propose_decision(remedy, amount, "사과드립니다", by=agent, at=at,
                                         policy=POLICY, standard=cited)
    if claim.decision(decision_id).is_pending:
        claim.review_decision(decision_id, rng.random() < 0.9, None, by=boss,
                              at=at + timedelta(hours=2), policy=POLICY)


def simulate(services, agents: list) -> dict:
    doubled = {agent.id: agent.authority_limit * 2 for agent in agents}
    what_if = WhatIf(start=date(2025, 1, 1), end=date(2025, 12, 31), limits=doubled)
    head = services.casemgmt.recorder.max_notification_id()
    progress = Progress(total=head, label="simulate")
    read = [0]

    def report_progress(position: int, stop: int) -> None:
        progress(position, position - read[0])  # positions read since the last call
        read[0] = position

    began, began_cpu = time.perf_counter(), time.process_time()
    report = services.simulations.run(what_if, report_progress)
    seconds, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    progress.finish(report.events_read)
    total = report.total
    return dict(claims=total.claims, decisions=total.decisions, events=report.events_read,
                seconds=seconds, cpu_seconds=cpu,
                pending=(total.needing_approval.actual, total.needing_approval.simulated))


def run(backend: str, claims: int) -> None:
    with BACKENDS[backend]() as where:
        clock = FixedClock(datetime(2024, 12, 31, 9, 0, tzinfo=SEOUL))
        services = build(Settings(database_url=where.casemgmt_url), clock=clock)
        try:
            began = time.perf_counter()
            head, agents = seed(services, claims, random.Random(12))
            seeded = time.perf_counter() - began
            clock.current = datetime(2026, 2, 1, 9, 0, tzinfo=SEOUL)
            figures = simulate(services, agents)
        finally:
            services.close()
    rate, cpu_rate = (figures["claims"] / figures[key] for key in ("seconds", "cpu_seconds"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{backend}: seeded {claims:,} claims ({head:,} events) in {seeded:.0f} s\n"
          f"{backend}: simulated their year in {figures['seconds']:.1f} s wall, "
          f"{figures['cpu_seconds']:.1f} s CPU ({figures['events']:,} events decoded): "
          f"{rate:,.0f} claims/s wall, {cpu_rate:,.0f} claims/s CPU; peak RSS {peak_mb:,.0f} MB\n"
          f"{backend}: pending {figures['pending'][0]:,} → {figures['pending'][1]:,} with the "
          f"agents' limits doubled\n"
          f"{backend}: a mid-size centre's year ({MID_SIZE_YEAR:,} claims) ≈ "
          f"{MID_SIZE_YEAR / rate / 60:.1f} min wall at this rate "
          f"({MID_SIZE_YEAR / cpu_rate / 60:.1f} min of CPU)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.simulation", description=__doc__)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="sqlite")
    args = parser.parse_args(argv)
    for name in (list(BACKENDS) if args.backend == "all" else [args.backend]):
        try:
            run(name, args.claims)
        except BackendUnavailable as error:
            print(f"{name}: skipped ({error})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
