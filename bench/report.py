"""A plain-text table of the figures (monospace; no dependencies)."""
from __future__ import annotations

from .runner import Figure
from .subjects import CasemgmtSubject, RawSubject

HEADERS = ["backend", "workload", "ops", "casemgmt ops/s", "ms/op", "raw ops/s", "ms/op",
           "ratio"]
RIGHT = {2, 3, 4, 5, 6, 7}


def rows(figures: list[Figure]) -> list[list[str]]:
    ours, raw = CasemgmtSubject.label, RawSubject.label
    return [[f.backend, f.workload, str(f.operations),
             f"{f.rate(ours):,.1f}", f"{f.latency_ms(ours):.2f}",
             f"{f.rate(raw):,.1f}", f"{f.latency_ms(raw):.2f}",
             f"{f.rate(ours) / f.rate(raw):.2f}"] for f in figures]


def table(figures: list[Figure]) -> str:
    body = rows(figures)
    widths = [max(len(r[c]) for r in [HEADERS, *body]) for c in range(len(HEADERS))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cell.rjust(w) if c in RIGHT else cell.ljust(w)
                                 for c, (cell, w) in enumerate(zip(cells, widths))) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(HEADERS), rule, *(line(r) for r in body)])
