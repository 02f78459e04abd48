"""The directory of prometheus_client's multiprocess mode, made and cleaned by `casemgmt serve`.

Each process of the server (gunicorn's workers, the background process) writes its metrics to
files there; `/metrics`, whichever worker answers it, adds them up. prometheus_client decides
at import whether it runs in that mode (PROMETHEUS_MULTIPROC_DIR), so this module does not
import it: `serve` sets the directory before any of its processes imports the metrics.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ENV = "PROMETHEUS_MULTIPROC_DIR"


@contextmanager
def multiprocess_metrics() -> Iterator[Path]:
    """A clean directory for this run (the one given in the environment, emptied; else a new
    temporary one, removed afterwards); files of an earlier run would add to this one's."""
    given = os.environ.get(ENV)
    path = Path(given) if given else Path(tempfile.mkdtemp(prefix="casemgmt-metrics-"))
    path.mkdir(parents=True, exist_ok=True)
    _empty(path)
    os.environ[ENV] = str(path)
    try:
        yield path
    finally:
        if given:
            _empty(path)
        else:
            shutil.rmtree(path, ignore_errors=True)
            os.environ.pop(ENV, None)


def _empty(path: Path) -> None:
    for stale in path.glob("*.db"):
        stale.unlink(missing_ok=True)


def forget_process(pid: int) -> None:
    """A worker ended: drop its live gauges (gunicorn's child_exit hook)."""
    if os.environ.get(ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid)
