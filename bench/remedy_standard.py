"""python -m bench.remedy_standard [--calculations N]: how long loading the remedy standard's
tables takes, and calculations per second (the figure a policy simulation of a year of claims
depends on)."""
from __future__ import annotations

import argparse
import time
from datetime import date

from casemgmt.application.remedies import RemedyStandard
from casemgmt.infrastructure.standard_tables import load_standard_tables

CASES = {  # one rule of each formula family, with inputs that vary per call
    "60-3": lambda i: {"days_late": i % 7, "fare_krw": 4_000},
    "23-4": lambda i: {"face_value_krw": 10_000, "paid_krw": 9_000, "remaining_krw": i % 10_001},
    "appliance-5": lambda i: {"price_krw": 600_000, "months_used": i % 90,
                              "useful_life_months": 60},
    "overseas_travel-1": lambda i: {"tour_price_krw": 1_000_000, "paid_krw": 1_000_000,
                                    "days_before_departure": i % 40},
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.remedy_standard", description=__doc__)
    parser.add_argument("--calculations", type=int, default=50_000, help="per rule (50,000)")
    n = parser.parse_args(argv).calculations
    began = time.perf_counter()
    standard = RemedyStandard(load_standard_tables())
    print(f"load and check the tables: {1000 * (time.perf_counter() - began):.0f} ms "
          f"({len(standard.tables.rules)} rule rows, {len(standard.tables.editions)} editions)")
    days = [date(2011, 1, 3), date(2015, 6, 1), date(2022, 3, 1), date(2026, 1, 5)]
    for rule_id, inputs in CASES.items():
        began = time.perf_counter()
        for i in range(n):
            standard.calculate(rule_id, inputs(i), on=days[i % len(days)])
        seconds = time.perf_counter() - began
        print(f"{rule_id:>18}: {1e6 * seconds / n:5.1f} µs a calculation, "
              f"{n / seconds:9,.0f} a second")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
