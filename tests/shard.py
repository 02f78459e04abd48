"""One backend's share of the suite, for `python -m tests.run` (make test).

CASEMGMT_TEST_SHARD=sqlite keeps the SQLite runs of the backend-parametrized tests and every
test that has no backend (the domain's rules, the crash tests with clusters of their own);
CASEMGMT_TEST_SHARD=postgres keeps the PostgreSQL runs alone. Unset: everything, as before.
"""
from __future__ import annotations

import os

SHARDS = ("sqlite", "postgres")
HOME_OF_THE_REST = "sqlite"  # tests without a backend run in this shard only


def chosen() -> str | None:
    shard = os.environ.get("CASEMGMT_TEST_SHARD") or None
    if shard is not None and shard not in SHARDS:
        raise ValueError(f"CASEMGMT_TEST_SHARD={shard!r}: one of {', '.join(SHARDS)}")
    return shard


def backend_of(item) -> str | None:
    """The backend a test runs on: its `backend` parameter, or that of a fixture made with
    params=BACKENDS (the live servers of the browser and fuzzing tests)."""
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    if "backend" in callspec.params:
        return callspec.params["backend"]
    return next((value for value in callspec.params.values()
                 if isinstance(value, str) and value in SHARDS), None)


def belongs(item, shard: str) -> bool:
    backend = backend_of(item)
    return backend == shard if backend is not None else shard == HOME_OF_THE_REST


def pytest_collection_modifyitems(config, items):
    shard = chosen()
    if shard is None:
        return
    kept, left = [], []
    for item in items:
        (kept if belongs(item, shard) else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
