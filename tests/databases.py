"""The test databases: a PostgreSQL schema or an SQLite file, made and dropped by the fixtures.

CASEMGMT_TEST_POSTGRES_URL names the PostgreSQL database (default: the local `test` database);
a server that cannot be reached fails the test that needs it, never skips it: a suite that
quietly ran on SQLite alone would claim what it did not test (so CASEMGMT_REQUIRE_POSTGRES,
which .ci/run sets, asks for what always happens).
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import psycopg
import pytest

POSTGRES_URL = os.environ.get("CASEMGMT_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgres"]


def new_database(backend: str, folder: Path, name: str) -> tuple[str, str | None]:
    """(database URL, PostgreSQL schema or None) of an empty database."""
    if backend == "sqlite":
        return f"sqlite:///{folder}/{name}.db", None
    schema = f"t_{name}_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error}", pytrace=False)
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}schema={schema}", schema


def drop_database(schema: str | None) -> None:
    """Drop a PostgreSQL schema made by new_database (an SQLite file goes with its folder)."""
    if schema is None:
        return
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
