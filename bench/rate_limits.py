"""python -m bench.rate_limits — what a rate-limit check costs on the request path.

Prints microseconds per check for the levels in this process's memory (one process) and in
the table that `casemgmt serve`'s workers share (memory-mapped file + flock), with one
thread and with eight (a worker's threads), and two processes hammering one table.
"""
from __future__ import annotations

import multiprocessing
import tempfile
import threading
import time

from casemgmt.api.limits import MemoryLevels, TokenBuckets
from casemgmt.infrastructure.rate_table import SharedBucketTable

CHECKS = 20_000


def per_check(buckets: TokenBuckets, threads: int, keys: int = 1_000) -> float:
    def work(offset: int) -> None:
        for n in range(CHECKS // threads):
            buckets.take(f"token-{(n + offset) % keys}")

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return (time.perf_counter() - started) / CHECKS * 1e6


def _hammer(directory: str, count: int, start, results) -> None:
    buckets = TokenBuckets(10**9, store=SharedBucketTable.open_in(directory))
    start.wait()
    began = time.perf_counter()
    for n in range(count):
        buckets.take(f"token-{n % 1_000}")
    results.put((time.perf_counter() - began) / count * 1e6)


def two_processes(directory: str) -> list[float]:
    """Each process's µs per check while both check at once."""
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    processes = [context.Process(target=_hammer, args=(directory, CHECKS, start, results))
                 for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    return [results.get() for _ in processes]


def main() -> None:
    directory = tempfile.mkdtemp(prefix="casemgmt-bench-limits-")
    SharedBucketTable.create(directory)
    memory = TokenBuckets(10**9, store=MemoryLevels())
    shared = TokenBuckets(10**9, store=SharedBucketTable.open_in(directory))
    print(f"rate-limit check, µs each ({CHECKS} checks over 1,000 tokens)")
    for threads in (1, 8):
        print(f"  {threads} thread(s): in memory {per_check(memory, threads):6.1f}"
              f"   shared table {per_check(shared, threads):6.1f}")
    print("  2 processes at once on the shared table: "
          + ", ".join(f"{figure:.1f}" for figure in two_processes(directory)))


if __name__ == "__main__":
    main()
