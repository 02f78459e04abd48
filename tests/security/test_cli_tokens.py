"""Tokens from the command line: `staff add` keeps its documented output, `staff token` issues
another with its expiry, `staff revoke` shuts out one token or all of a member's, and the
token time-to-live comes from CASEMGMT_TOKEN_TTL_DAYS."""
from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest

from casemgmt.application.clock import KST
from casemgmt.application.errors import Unauthenticated
from casemgmt.cli import main


@pytest.fixture
def casemgmt(database_url, monkeypatch, capsys):
    """Run `casemgmt ...` in this process on the test database: (exit status, stdout JSON)."""
    monkeypatch.setenv("CASEMGMT_DATABASE_URL", database_url)

    def run(*argv: str) -> tuple[int, dict | None, str]:
        status = main(list(argv))
        out, err = capsys.readouterr()
        return status, (json.loads(out) if out.strip() else None), err

    return run


@pytest.fixture
def app(app, clock):
    """The application reading at the real time, the time the command line issues tokens at."""
    clock.current = datetime.now(KST)
    return app


def an_agent(casemgmt) -> dict:
    status, added, _ = casemgmt("staff", "add", "--name", "박지은", "--role", "agent",
                                "--authority-limit", "30000")
    assert status == 0
    return added


def test_staff_add_prints_exactly_the_documented_id_and_token(casemgmt):
    added = an_agent(casemgmt)

    assert set(added) == {"id", "token"}


def test_staff_token_issues_another_token_with_its_expiry(casemgmt, app):
    agent = an_agent(casemgmt)

    status, issued, _ = casemgmt("staff", "token", "--id", agent["id"])

    assert status == 0 and set(issued) == {"id", "token", "expires_at"}
    assert issued["id"] == agent["id"] and issued["token"] != agent["token"]
    left = datetime.fromisoformat(issued["expires_at"]) - datetime.now().astimezone()
    assert timedelta(days=89, hours=23) < left <= timedelta(days=90)
    assert app.authenticate(issued["token"]).id == app.authenticate(agent["token"]).id


def test_the_time_to_live_comes_from_the_environment(casemgmt, monkeypatch):
    agent = an_agent(casemgmt)
    monkeypatch.setenv("CASEMGMT_TOKEN_TTL_DAYS", "7")

    _, issued, _ = casemgmt("staff", "token", "--id", agent["id"])

    left = datetime.fromisoformat(issued["expires_at"]) - datetime.now().astimezone()
    assert timedelta(days=6, hours=23) < left <= timedelta(days=7)


@pytest.mark.parametrize("value", ["0", "-3", "ninety", "3651"])
def test_a_time_to_live_casemgmt_cannot_use_is_refused(casemgmt, monkeypatch, value):
    monkeypatch.setenv("CASEMGMT_TOKEN_TTL_DAYS", value)

    status, out, err = casemgmt("staff", "add", "--name", "박지은", "--role", "agent")

    assert (status, out) == (2, None)
    assert "CASEMGMT_TOKEN_TTL_DAYS" in err


def test_revoking_by_staff_id_shuts_out_every_token_of_the_member(casemgmt, app):
    agent = an_agent(casemgmt)
    _, spare, _ = casemgmt("staff", "token", "--id", agent["id"])
    other = an_agent(casemgmt)

    status, revoked, _ = casemgmt("staff", "revoke", "--token-of", agent["id"])

    assert status == 0 and (revoked["id"], revoked["revoked"]) == (agent["id"], "all")
    for token in (agent["token"], spare["token"]):
        with pytest.raises(Unauthenticated):
            app.authenticate(token)
    assert app.authenticate(other["token"]).id == other["id"]


def test_revoking_one_token_read_from_stdin_leaves_the_others(casemgmt, app, monkeypatch):
    agent = an_agent(casemgmt)
    _, spare, _ = casemgmt("staff", "token", "--id", agent["id"])
    monkeypatch.setattr("sys.stdin", io.StringIO(agent["token"] + "\n"))

    status, revoked, _ = casemgmt("staff", "revoke", "--token", "-")

    assert status == 0 and revoked["revoked"] == "token"
    with pytest.raises(Unauthenticated):
        app.authenticate(agent["token"])
    assert app.authenticate(spare["token"]).id == agent["id"]


def test_revoking_an_unknown_token_or_member_fails_without_echoing_the_token(casemgmt):
    an_agent(casemgmt)

    unknown_token = casemgmt("staff", "revoke", "--token", "cm_guessed-secret")
    unknown_member = casemgmt("staff", "revoke", "--token-of", "nobody")

    assert unknown_token[0] == unknown_member[0] == 1
    assert "no such token" in unknown_token[2] and "guessed-secret" not in unknown_token[2]
    assert "no staff member nobody" in unknown_member[2]


def test_revoke_needs_exactly_one_of_token_or_token_of(casemgmt):
    with pytest.raises(SystemExit):
        casemgmt("staff", "revoke")


def test_staff_change_sets_the_role_and_drops_a_limit_the_role_cannot_have(casemgmt, app):
    agent = an_agent(casemgmt)

    status, changed, _ = casemgmt("staff", "change", "--id", agent["id"], "--role", "auditor")

    assert status == 0 and (changed["role"], changed["authority_limit"]) == ("auditor", 0)
    assert app.authenticate(agent["token"]).role == "auditor"
