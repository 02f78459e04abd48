"""The reliability settings from the environment: defaults, and values refused by name."""
from __future__ import annotations

import pytest

from casemgmt.config import Settings, SettingsError


def test_the_defaults_trust_no_proxy_and_throttle_sixty_failures_a_minute():
    settings = Settings.from_env({})

    assert (settings.trusted_proxies, settings.unauthenticated_per_minute) == (0, 60)
    assert (settings.rate_limit_dir, settings.shred_wal) == (None, False)
    assert (settings.anchor_key_file, settings.anchor_dir, settings.anchor_webhook) == (
        None, None, None)


def test_each_setting_is_read_from_its_variable():
    settings = Settings.from_env({
        "CASEMGMT_TRUSTED_PROXIES": "2", "CASEMGMT_UNAUTHENTICATED_PER_MINUTE": "20",
        "CASEMGMT_RATE_LIMIT_DIR": "/run/casemgmt", "CASEMGMT_SHRED_WAL": "1",
        "CASEMGMT_ANCHOR_KEY_FILE": "/etc/casemgmt/anchor.key",
        "CASEMGMT_ANCHOR_DIR": "/var/lib/casemgmt/anchors",
        "CASEMGMT_ANCHOR_WEBHOOK": "https://audit.example.com/anchors/"})

    assert (settings.trusted_proxies, settings.unauthenticated_per_minute) == (2, 20)
    assert (settings.rate_limit_dir, settings.shred_wal) == ("/run/casemgmt", True)
    assert settings.anchor_webhook == "https://audit.example.com/anchors"


@pytest.mark.parametrize("name, value", [
    ("CASEMGMT_TRUSTED_PROXIES", "-1"), ("CASEMGMT_TRUSTED_PROXIES", "11"),
    ("CASEMGMT_TRUSTED_PROXIES", "one"), ("CASEMGMT_UNAUTHENTICATED_PER_MINUTE", "0"),
    ("CASEMGMT_SHRED_WAL", "yes"), ("CASEMGMT_ANCHOR_WEBHOOK", "ftp://example.com/x"),
])
def test_a_value_casemgmt_cannot_use_is_refused_naming_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
