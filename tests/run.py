"""The whole suite as two pytest processes at once, one per backend (tests/shard.py):

    python -m tests.run [pytest arguments]

The machine has two cores and a run on one backend spends much of its time waiting for the
database or a browser, so the two shards together take little more than the longer of them.
Each line of output is prefixed with its shard; the exit status is the worse of the two (a
shard that collected nothing, as for a path of domain tests alone, counts as passed when the
other ran tests).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

from tests.shard import HOME_OF_THE_REST, SHARDS

NO_TESTS_COLLECTED = 5


def main(argv: list[str]) -> int:
    began = time.monotonic()
    runs = {shard: _start(shard, argv) for shard in SHARDS}
    printers = [threading.Thread(target=_relay, args=(shard, process))
                for shard, process in runs.items()]
    for printer in printers:
        printer.start()
    codes = {shard: process.wait() for shard, process in runs.items()}
    for printer in printers:
        printer.join()
    print(f"tests.run: {', '.join(f'{s} exited {c}' for s, c in codes.items())}"
          f" in {time.monotonic() - began:.0f} s", flush=True)
    if all(code == NO_TESTS_COLLECTED for code in codes.values()):
        return NO_TESTS_COLLECTED
    return max((code for code in codes.values() if code != NO_TESTS_COLLECTED), default=0)


def _start(shard: str, argv: list[str]) -> subprocess.Popen:
    # one shard keeps pytest's cache (last failures): two writers would clobber each other
    cache = [] if shard == HOME_OF_THE_REST else ["-p", "no:cacheprovider"]
    return subprocess.Popen(
        [sys.executable, "-m", "pytest", *cache, *argv],
        env={**os.environ, "CASEMGMT_TEST_SHARD": shard}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, bufsize=1)


def _relay(shard: str, process: subprocess.Popen) -> None:
    for line in process.stdout:
        sys.stdout.write(f"[{shard:<8}] {line}")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
