"""Key safety: the store keeps a check of CASEMGMT_CIPHER_KEY; a process started with another
key, without the key, or with a key on a store written without one refuses to start (every
command, `serve` included) with one line naming the variable; a malformed key too."""
from __future__ import annotations

import base64
import os
import subprocess
import sys

import pytest

from casemgmt.bootstrap import build
from casemgmt.config import Settings
from casemgmt.infrastructure.key_check import MasterKeyRefused
from tests.api.live import REPOSITORY, casemgmt_env, free_port

pytestmark = pytest.mark.own_store(
    "A store's key check is the store's: each test starts one of its own.")

KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()


def written(database_url: str, key: str | None) -> int:
    """A store with one staff member's events, written under `key`; its last position."""
    services = build(Settings(database_url=database_url, cipher_key=key))
    services.casemgmt.add_staff("박지은", "agent", 30_000)
    position = services.casemgmt.recorder.max_notification_id()
    services.close()
    return position


def started(database_url: str, key: str | None) -> None:
    build(Settings(database_url=database_url, cipher_key=key)).close()


def casemgmt(database_url: str, key: str | None, *args: str, timeout: float = 60):
    env = casemgmt_env(database_url)
    if key is not None:
        env["CASEMGMT_CIPHER_KEY"] = key
    return subprocess.run([sys.executable, "-m", "casemgmt", *args], env=env, cwd=REPOSITORY,
                          capture_output=True, text=True, timeout=timeout)


def forget_the_check(database_url: str) -> None:
    """As a store written before the check existed."""
    services = build(Settings(database_url=database_url, cipher_key=KEY_A))
    with services.db.transaction() as cur:
        cur.execute("DELETE FROM key_checks")
    services.close()


@pytest.mark.parametrize("key", [KEY_B, None], ids=["another key", "no key"])
def test_a_store_written_with_a_key_refuses_another_key_or_none(database_url, key):
    written(database_url, KEY_A)

    with pytest.raises(MasterKeyRefused, match="CASEMGMT_CIPHER_KEY"):
        started(database_url, key)

    started(database_url, KEY_A)  # the right key still starts


def test_a_store_written_without_a_key_refuses_one_once_it_holds_events(database_url):
    written(database_url, None)

    with pytest.raises(MasterKeyRefused, match="written without CASEMGMT_CIPHER_KEY"):
        started(database_url, KEY_A)


def test_an_empty_store_first_started_without_a_key_takes_one(database_url):
    started(database_url, None)

    written(database_url, KEY_A)

    with pytest.raises(MasterKeyRefused):
        started(database_url, None)


def test_a_store_older_than_the_check_is_probed_with_its_first_event(database_url):
    written(database_url, KEY_A)
    forget_the_check(database_url)

    with pytest.raises(MasterKeyRefused, match="does not open this store's events"):
        started(database_url, KEY_B)
    started(database_url, KEY_A)  # and now the check is recorded:
    with pytest.raises(MasterKeyRefused, match="not the key this store was written with"):
        started(database_url, KEY_B)


@pytest.mark.slow
def test_every_command_refuses_a_wrong_key_with_one_line_and_writes_nothing(database_url):
    position = written(database_url, KEY_A)
    port = str(free_port())

    answers = {
        "staff add": casemgmt(database_url, KEY_B, "staff", "add", "--name", "최서준",
                              "--role", "agent"),
        "migrate": casemgmt(database_url, KEY_B, "migrate"),
        "serve": casemgmt(database_url, KEY_B, "serve", "--port", port, "--workers", "1"),
        "scheduler": casemgmt(database_url, None, "scheduler", "--run", "deadline-sweep"),
    }

    for command, done in answers.items():
        assert done.returncode != 0, command
        assert done.stdout == "", command
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "CASEMGMT_CIPHER_KEY" in lines[0], (command, done.stderr)
    services = build(Settings(database_url=database_url, cipher_key=KEY_A))
    assert services.casemgmt.recorder.max_notification_id() == position
    services.close()


@pytest.mark.parametrize("key", ["not base64 at all!", base64.b64encode(b"short").decode()],
                         ids=["not base64", "wrong length"])
def test_a_malformed_key_is_one_line_naming_the_variable(tmp_path, key):
    done = casemgmt(f"sqlite:///{tmp_path}/casemgmt.db", key, "migrate")

    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("casemgmt: CASEMGMT_CIPHER_KEY ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not os.path.exists(tmp_path / "casemgmt.db")
