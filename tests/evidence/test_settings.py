"""The evidence settings from the environment, without a database: defaults, and values
refused at start-up rather than misbehaving later."""
from __future__ import annotations

import pytest

from casemgmt.config import Settings, SettingsError


def test_the_defaults_take_20_mb_files_and_60_vendor_requests_a_minute():
    settings = Settings.from_env({})

    assert (settings.max_attachment_bytes, settings.vendor_rate_limit_per_minute) == (
        20 * 1024 * 1024, 60)
    assert settings.public_url is None


def test_the_public_url_is_kept_without_its_trailing_slash():
    settings = Settings.from_env({"CASEMGMT_PUBLIC_URL": "https://cs.example.com/casemgmt/"})

    assert settings.public_url == "https://cs.example.com/casemgmt"


@pytest.mark.parametrize("name, value", [
    ("CASEMGMT_MAX_ATTACHMENT_MB", "0"),
    ("CASEMGMT_MAX_ATTACHMENT_MB", "2048"),
    ("CASEMGMT_VENDOR_RATE_LIMIT_PER_MINUTE", "many"),
    ("CASEMGMT_PUBLIC_URL", "cs.example.com"),
    ("CASEMGMT_PUBLIC_URL", "https://cs.example.com/?next=x"),
    ("CASEMGMT_PUBLIC_URL", "javascript:alert(1)"),
])
def test_a_value_that_cannot_work_is_refused_at_start_up(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
