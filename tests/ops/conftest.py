"""Fixtures of the operations tests: a PostgreSQL cluster of the test's own, to stop and start."""
from __future__ import annotations

import pytest


from .private_postgres import PrivateCluster


@pytest.fixture
def private_postgres():
    cluster = PrivateCluster().init()
    cluster.start()
    yield cluster
    cluster.remove()
