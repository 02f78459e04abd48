"""python -m bench [--quick] [--backend sqlite|postgres|all] [--claims N] [--commands N]"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from importlib.metadata import version

from .backends import BACKENDS, BackendUnavailable
from .report import table
from .runner import Sizes, run_backend

DEFAULT = Sizes(claims=300, commands=600)
QUICK = Sizes(claims=60, commands=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smaller run (seconds)")
    parser.add_argument("--backend", choices=["all", *BACKENDS], default="all")
    parser.add_argument("--claims", type=int, help=f"claims filed per subject ({DEFAULT.claims})")
    parser.add_argument("--commands", type=int,
                        help=f"commands per subject on existing claims ({DEFAULT.commands})")
    args = parser.parse_args(argv)
    base = QUICK if args.quick else DEFAULT
    sizes = Sizes(claims=args.claims or base.claims, commands=args.commands or base.commands)

    def progress(message: str) -> None:
        print(f"  … {message}", file=sys.stderr, flush=True)

    print(f"casemgmt bench: Python {platform.python_version()}, eventsourcing "
          f"{version('eventsourcing')}, {os.cpu_count()} CPUs, "
          f"{sizes.claims} claims and {sizes.commands} commands per subject and backend")
    began = time.perf_counter()
    figures, problems = [], []
    names = list(BACKENDS) if args.backend == "all" else [args.backend]
    for name in names:
        try:
            with BACKENDS[name]() as backend:
                print(f"- {backend.description}")
                figures += run_backend(backend, sizes, progress)
        except BackendUnavailable as error:
            problems.append(f"{name}: not measured ({error})")
    print()
    print(table(figures))
    for problem in problems:
        print(problem)
    print(f"\nratio = casemgmt ops/s ÷ raw ops/s (1.00: no overhead); "
          f"run took {time.perf_counter() - began:.0f} s")
    return 1 if problems and not figures else 0


if __name__ == "__main__":
    sys.exit(main())
