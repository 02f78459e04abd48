"""Fixtures of the privacy tests: a master key set and a snapshot every 3 events, so that sealed
events, wrapped keys and snapshots all occur; and a store of each test's own, since these tests
read the whole database as bytes, erase customers and destroy data."""
from __future__ import annotations

from dataclasses import replace

import pytest
from eventsourcing.cryptography import AESCipher

from casemgmt.config import Settings


def pytest_itemcollected(item):
    """Every privacy test on a store of its own (a conftest.py's pytestmark marks nothing)."""
    item.add_marker(pytest.mark.own_store(
        "These tests read the whole database as bytes, erase customers and destroy data."))


@pytest.fixture
def cipher_key() -> str | None:
    """CASEMGMT_CIPHER_KEY; a test parametrizes it with None to run without a master key."""
    return AESCipher.create_key(32)


@pytest.fixture
def settings(settings, cipher_key) -> Settings:
    return replace(settings, cipher_key=cipher_key, snapshot_interval=3)
