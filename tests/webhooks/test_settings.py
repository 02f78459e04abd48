"""The webhook settings, as an operator writes them in the environment."""
from __future__ import annotations

import pytest

from casemgmt.config import Settings, SettingsError


def test_by_default_only_public_addresses_are_called_with_ten_seconds_to_answer():
    settings = Settings.from_env({})

    assert settings.webhook_allow_private is False
    assert (settings.webhook_timeout_s, settings.webhook_pause_after,
            settings.webhook_workers) == (10, 5, 8)


def test_the_operator_may_allow_private_addresses_and_change_the_bounds():
    settings = Settings.from_env({"CASEMGMT_WEBHOOK_ALLOW_PRIVATE": "1",
                                  "CASEMGMT_WEBHOOK_TIMEOUT": "3",
                                  "CASEMGMT_WEBHOOK_PAUSE_AFTER": "20",
                                  "CASEMGMT_WEBHOOK_WORKERS": "16"})

    assert settings.webhook_allow_private is True
    assert (settings.webhook_timeout_s, settings.webhook_pause_after,
            settings.webhook_workers) == (3, 20, 16)


@pytest.mark.parametrize("name, value", [("CASEMGMT_WEBHOOK_ALLOW_PRIVATE", "maybe"),
                                         ("CASEMGMT_WEBHOOK_TIMEOUT", "0"),
                                         ("CASEMGMT_WEBHOOK_TIMEOUT", "61"),
                                         ("CASEMGMT_WEBHOOK_WORKERS", "many")])
def test_a_value_casemgmt_cannot_use_is_refused_at_start(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
