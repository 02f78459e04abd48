"""Fixtures of the privacy tests: the API of tests/api on each backend, with a master key set
and a snapshot every 3 events, so that sealed events, wrapped keys and snapshots all occur."""
from __future__ import annotations

import pytest
from eventsourcing.cryptography import AESCipher

from casemgmt.config import Settings
from tests.api.conftest import api, services, team  # noqa: F401  (fixtures, reused as they are)


@pytest.fixture
def cipher_key() -> str | None:
    """CASEMGMT_CIPHER_KEY; a test parametrizes it with None to run without a master key."""
    return AESCipher.create_key(32)


@pytest.fixture
def settings(database_url, cipher_key) -> Settings:
    return Settings(database_url=database_url, cipher_key=cipher_key, snapshot_interval=3)
