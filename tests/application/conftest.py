"""Fixtures of the application tests: a second look at the database."""
from __future__ import annotations

import pytest

from casemgmt.bootstrap import build


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
