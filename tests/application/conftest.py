"""Fixtures of the application tests: a small team, and a second look at the database."""
from __future__ import annotations

import pytest

from casemgmt.application import Casemgmt
from casemgmt.bootstrap import build
from tests.builders import Team, a_team


@pytest.fixture
def team(app) -> Team:
    return a_team(app)


@pytest.fixture
def reread(settings, clock):
    """Read a claim through a second application on the same database.

    The first application caches aggregates it saved, so a read through it may never
    touch the database; this one has never seen the claim and must load it from storage.
    """
    opened: list[Casemgmt] = []

    def read(claim_id):
        fresh = build(settings, clock=clock).casemgmt
        opened.append(fresh)
        return fresh.get_claim(claim_id)

    yield read
    for application in opened:
        application.close()
