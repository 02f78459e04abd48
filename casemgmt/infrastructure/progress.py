"""A one-line progress bar on stderr for long catch-ups, with the rate so far."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, total: int, label: str, width: int = 30):
        self.total = max(total, 1)
        self.label = label
        self.width = width
        self.applied = 0
        self.started = time.perf_counter()

    def __call__(self, position: int, batch: int) -> None:
        self.applied += batch
        done = min(position / self.total, 1.0)
        bar = "#" * int(done * self.width)
        rate = self.applied / max(time.perf_counter() - self.started, 1e-9)
        sys.stderr.write(f"\r{self.label} [{bar:<{self.width}}] {position}/{self.total}"
                         f" {rate:,.0f} events/s")
        sys.stderr.flush()

    def finish(self, applied: int) -> None:
        seconds = time.perf_counter() - self.started
        sys.stderr.write(f"\n{self.label}: {applied} events applied in {seconds:.1f} s\n")
