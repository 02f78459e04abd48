"""Throw-away databases for a run: a SQLite directory, or a fresh PostgreSQL schema."""
from __future__ import annotations

import os
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


class BackendUnavailable(RuntimeError):
    """Raised when a backend cannot be reached; the run reports it and goes on."""


@dataclass(frozen=True)
class Backend:
    name: str
    casemgmt_url: str  # casemgmt's database
    raw_url: str       # the plain library's database: same backend and settings, own tables
    description: str


def postgres_base_url() -> str:
    return os.environ.get("CASEMGMT_BENCH_POSTGRES_URL") or DEFAULT_POSTGRES_URL


@contextmanager
def sqlite_backend() -> Iterator[Backend]:
    # Both applications name their SQLite table `stored_events`, so each gets its own file.
    with tempfile.TemporaryDirectory(prefix="casemgmt-bench-") as directory:
        yield Backend(name="sqlite", casemgmt_url=f"sqlite:///{directory}/casemgmt.db",
                      raw_url=f"sqlite:///{directory}/raw.db",
                      description=f"SQLite files in {directory}")


@contextmanager
def postgres_backend() -> Iterator[Backend]:
    import psycopg

    base = postgres_base_url()
    schema = "bench_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
            server = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error as error:
        raise BackendUnavailable(f"PostgreSQL at {base}: {error}".strip()) from None
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}schema={schema}"
    try:
        # One schema: the two applications' tables are named after them (casemgmt_events,
        # rawbench_events), so they do not meet.
        yield Backend(name="postgres", casemgmt_url=url, raw_url=url,
                      description=f"PostgreSQL {server}, schema {schema} (dropped after)")
    finally:
        with psycopg.connect(base, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


BACKENDS = {"sqlite": sqlite_backend, "postgres": postgres_backend}
