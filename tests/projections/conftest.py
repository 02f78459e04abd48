"""Fixtures of the projection tests: the composed services on each backend and a small team."""
from __future__ import annotations

import pytest

from casemgmt.bootstrap import build
from tests.builders import Team, a_team


@pytest.fixture
def services(settings, clock):
    composed = build(settings, clock=clock)
    yield composed
    composed.close()


@pytest.fixture
def app(services):
    """The application the services hold (shadows the top-level `app`: one store, one cache)."""
    return services.casemgmt


@pytest.fixture
def team(app) -> Team:
    return a_team(app)
