"""Fixtures: every test that asks for `app` runs once on SQLite and once on PostgreSQL."""
from __future__ import annotations

import os
import uuid
from datetime import datetime

import psycopg
import pytest

from casemgmt.bootstrap import build
from casemgmt.application.clock import KST, FixedClock
from casemgmt.config import Settings

POSTGRES_URL = os.environ.get("CASEMGMT_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgres"]


def _postgres_schema_url() -> tuple[str, str]:
    """A fresh schema in the test database, so each test starts empty and leaves no trace."""
    schema = "t_" + uuid.uuid4().hex[:16]
    try:
        with psycopg.connect(POSTGRES_URL, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as error:
        # Never skip: a suite that quietly ran on SQLite alone would claim what it did not test.
        pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error}", pytrace=False)
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}schema={schema}", schema


def _drop_schema(schema: str) -> None:
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, tmp_path):
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path}/casemgmt.db"
        return
    url, schema = _postgres_schema_url()
    yield url
    _drop_schema(schema)


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 20, 10, 0, tzinfo=KST))


@pytest.fixture
def app(settings, clock):
    services = build(settings, clock=clock)
    yield services.casemgmt
    services.close()
