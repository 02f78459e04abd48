"""Timing: both subjects run the same workload in alternating chunks, so that whatever else
the machine does in the meantime slows both alike."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from .backends import Backend
from .subjects import CasemgmtSubject, RawSubject

CHUNK = 20           # operations per subject before the other takes its turn
COMMANDS_PER_CLAIM = 25  # commands spread over claims so that each gets about this many
WARM_UP = 5


@dataclass(frozen=True)
class Sizes:
    claims: int
    commands: int


@dataclass
class Figure:
    backend: str
    workload: str
    operations: int
    seconds: dict[str, float]  # subject label -> seconds spent in the operations

    def rate(self, label: str) -> float:
        return self.operations / self.seconds[label]

    def latency_ms(self, label: str) -> float:
        return 1000 * self.seconds[label] / self.operations


def _alternate(subjects: list, count: int, operation: Callable[[object, int], None]) -> dict:
    spent = {s.label: 0.0 for s in subjects}
    for start in range(0, count, CHUNK):
        stop = min(start + CHUNK, count)
        for subject in subjects:
            began = time.perf_counter()
            for i in range(start, stop):
                operation(subject, i)
            spent[subject.label] += time.perf_counter() - began
    return spent


def run_backend(backend: Backend, sizes: Sizes, progress: Callable[[str], None]) -> list[Figure]:
    casemgmt = CasemgmtSubject(backend.casemgmt_url)
    raw = RawSubject(backend.raw_url)
    subjects = [casemgmt, raw]
    try:
        ids: dict[str, list] = {s.label: [] for s in subjects}
        # Warm up: connections opened, statements prepared, code paths imported.
        for subject in subjects:
            for i in range(WARM_UP):
                claim_id = subject.file(-1 - i)
                subject.command(claim_id, i)

        progress(f"{backend.name}: filing {sizes.claims} claims each")
        filing = _alternate(subjects, sizes.claims,
                            lambda s, i: ids[s.label].append(s.file(i)))

        spread = max(1, min(sizes.claims, sizes.commands // COMMANDS_PER_CLAIM))
        progress(f"{backend.name}: {sizes.commands} commands each on {spread} claims")
        commanding = _alternate(subjects, sizes.commands,
                                lambda s, i: s.command(ids[s.label][i % spread], i))
    finally:
        for subject in subjects:
            subject.close()
    return [Figure(backend.name, "file a claim", sizes.claims, filing),
            Figure(backend.name, f"command on a claim (~{COMMANDS_PER_CLAIM} each)",
                   sizes.commands, commanding)]
