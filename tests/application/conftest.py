"""Fixtures of the application tests: a second look at the database, and the store the first
release wrote."""
from __future__ import annotations

import shutil

import pytest

from casemgmt.bootstrap import build
from casemgmt.config import Settings
from tests.builders import FIXTURES

V1_CLAIM = "8b2edbed-4f83-42a6-b287-67ed2f823d76"  # the claim of tests/fixtures/v1_store.db


@pytest.fixture
def reread(settings, clock):
    """Read a claim through a second application on the same database.

    The first application may keep what it saved in memory, so a read through it may never
    touch the database; this one has never seen the claim and must load it from storage.
    """
    opened = []

    def read(claim_id):
        if not opened:
            opened.append(build(settings, clock=clock))
        return opened[0].casemgmt.get_claim(claim_id)

    yield read
    for services in opened:
        services.close()


@pytest.fixture
def v1_services(tmp_path):
    """Services on a copy of the store the first release wrote (tests/fixtures/v1_store.db)."""
    store = tmp_path / "v1.db"
    shutil.copy(FIXTURES / "v1_store.db", store)
    services = build(Settings(database_url=f"sqlite:///{store}"))
    yield services
    services.close()
