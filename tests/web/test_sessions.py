"""Signing in and out of the workspace: the token only in a form, a session cookie the page's
scripts cannot read, a session that ends at sign-out, when idle, at its absolute expiry, and as
soon as its API token is revoked."""
from __future__ import annotations

import logging
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest

from casemgmt.web.session import WebSettings

pytestmark = pytest.mark.own_store(
    "These tests count every web session in the store and revoke the agent's tokens: a store of "
    "their own, so no other test's sessions are counted and the revocation ends no one else's.")


def session_cookie(page) -> SimpleCookie:
    cookies = [c for c in page.headers.getlist("Set-Cookie") if "casemgmt_session=" in c]
    assert len(cookies) == 1, page.headers.getlist("Set-Cookie")
    parsed = SimpleCookie()
    parsed.load(cookies[0])
    return parsed


def test_signing_in_with_the_staff_token_opens_a_session_for_that_member(workspace):
    agent = workspace.team.agent

    answer = workspace.desk(agent, signed_in=False).sign_in()

    assert answer.status == 303 and answer.location == "/"
    assert [row[0] for row in workspace.sessions()] == [agent.id]


def test_a_bad_token_is_refused_and_opens_no_session(workspace):
    desk = workspace.desk(workspace.team.agent, signed_in=False)

    answer = desk.sign_in("cm_not-a-token-anyone-was-given")

    assert answer.status == 401
    assert "토큰이 올바르지 않습니다" in answer.html
    assert not [c for c in answer.headers.getlist("Set-Cookie") if "casemgmt_session=" in c]
    assert workspace.sessions() == []
    assert desk.get("/").status == 303


def test_the_session_cookie_is_http_only_same_site_strict_and_not_secure_over_http(workspace):
    answer = workspace.desk(workspace.team.agent, signed_in=False).sign_in()

    cookie = session_cookie(answer)["casemgmt_session"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"
    assert not cookie["secure"]


def test_over_https_the_cookie_is_secure_and_host_only(workspace):
    desk = workspace.desk(workspace.team.agent, signed_in=False)
    desk.client = workspace.app.test_client()
    form = desk._page(desk.client.get("/sign-in", base_url="https://localhost"))
    token = form.html.split('name="csrf_token" value="')[1].split('"')[0]

    answer = desk._page(desk.client.post("/sign-in", base_url="https://localhost", data={
        "token": workspace.team.agent.token, "csrf_token": token}))

    cookie = session_cookie(answer)["__Host-casemgmt_session"]
    assert cookie["secure"] is True and cookie["httponly"] is True
    assert cookie["samesite"] == "Strict" and cookie["path"] == "/" and not cookie["domain"]


def test_a_setting_forces_the_secure_cookie_behind_a_tls_proxy():
    settings = WebSettings.from_env({"CASEMGMT_WEB_SECURE_COOKIE": "1"})

    assert settings.secure_cookie is True
    assert WebSettings.from_env({}).secure_cookie is False


def test_signing_out_deletes_the_session_and_the_cookie(workspace):
    desk = workspace.desk(workspace.team.agent)

    answer = desk.post("/sign-out")

    assert answer.status == 303 and answer.location.startswith("/sign-in")
    assert workspace.sessions() == []
    assert desk.get("/").status == 303


def test_a_revoked_token_ends_the_session_at_the_next_request(workspace):
    agent = workspace.team.agent
    desk = workspace.desk(agent)
    workspace.services.casemgmt.revoke_tokens_of(agent.id)

    answer = desk.get("/")

    assert answer.status == 303 and answer.location == "/sign-in?ended=token"
    assert workspace.sessions() == []
    assert "토큰이 만료되었거나 폐기되어" in desk.get(answer.location).html


def test_an_idle_session_ends(workspace, clock):
    desk = workspace.desk(workspace.team.agent)
    clock.advance(minutes=WebSettings().idle.total_seconds() / 60 + 1)

    answer = desk.get("/")

    assert answer.status == 303 and answer.location == "/sign-in?ended=expired"
    assert workspace.sessions() == []


def test_a_busy_session_still_ends_at_its_absolute_expiry(workspace, clock):
    desk = workspace.desk(workspace.team.agent)
    config = WebSettings()
    step, used = config.idle - timedelta(minutes=1), timedelta(0)

    while desk.get("/").status == 200 and used < 2 * config.absolute:
        clock.advance(seconds=step.total_seconds())
        used += step

    assert config.absolute <= used < config.absolute + step
    assert workspace.sessions() == []


def test_the_token_never_appears_in_a_response_a_cookie_a_url_or_a_log_line(workspace, caplog):
    caplog.set_level(logging.DEBUG)
    agent = workspace.team.agent
    desk = workspace.desk(agent, signed_in=False)

    pages = [desk.sign_in(agent.token[:-2] + "xx"), desk.sign_in()]
    pages += [desk.get(path) for path in ("/", "/intake", "/sign-in")]

    for page in pages:
        assert agent.token not in page.html
        assert all(agent.token not in value for _, value in page.headers.items())
    assert agent.token not in caplog.text
    stored = " ".join(str(v) for row in workspace.sessions() for v in row)
    assert agent.token not in stored


def test_a_sign_in_without_the_forms_own_token_is_refused(workspace):
    desk = workspace.desk(workspace.team.agent, signed_in=False)
    desk.get("/sign-in")

    answer = desk.post("/sign-in", {"token": workspace.team.agent.token}, csrf="forged")

    assert answer.status == 403
    assert workspace.sessions() == []
