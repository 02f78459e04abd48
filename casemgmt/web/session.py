"""Browser sessions: a random id in an HttpOnly, SameSite=Strict cookie, its hash in the
web_sessions table with the hash of the API token that opened it and a CSRF token.

Every request re-authenticates the token through the application, so a revoked or expired
token ends the session; a session also ends after idle time, at its absolute expiry, and at
sign-out (the row is deleted). Every state-changing request must carry the session's CSRF
token (form field ``csrf_token`` or header ``X-CSRF-Token``); the sign-in form, which has no
session yet, carries a double-submit token bound to a short-lived cookie of its own.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Mapping
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request

from . import backend

SETTINGS_KEY = "casemgmt.web.settings"
COOKIE = "casemgmt_session"
SECURE_COOKIE = "__Host-casemgmt_session"  # the prefix makes browsers insist on Secure, Path=/
SIGN_IN_COOKIE = "casemgmt_sign_in"
SIGN_IN_ENDPOINT = "auth.sign_in_post"  # its form carries the sign-in cookie's token
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
TOUCH_EVERY = timedelta(seconds=60)  # last-seen writes at most this often per session


class Refused(Exception):
    """Raised when a request may not proceed: not signed in (401) or a CSRF failure (403)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class WebSettings:
    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=12)
    secure_cookie: bool = False  # force Secure (behind a proxy that terminates TLS)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WebSettings:
        env = os.environ if environ is None else environ
        return cls(idle=timedelta(minutes=_whole(env, "CASEMGMT_WEB_IDLE_MINUTES", 30)),
                   absolute=timedelta(hours=_whole(env, "CASEMGMT_WEB_SESSION_HOURS", 12)),
                   secure_cookie=env.get("CASEMGMT_WEB_SECURE_COOKIE", "") in ("1", "true"))


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else default


def settings() -> WebSettings:
    return current_app.extensions[SETTINGS_KEY]


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _secure() -> bool:
    return settings().secure_cookie or request.is_secure


# -- each request -----------------------------------------------------------------------------

def load() -> None:
    """Find the request's session and its staff member (g.actor), or leave both unset."""
    g.web_session, g.actor, g.session_ended = None, None, None
    if request.endpoint == "static":
        return  # assets are public: no database round trip for each stylesheet
    sid = request.cookies.get(SECURE_COOKIE) or request.cookies.get(COOKIE)
    if not sid or len(sid) > 100:
        return
    store, id_hash, now = backend.sessions(), _hash(sid), backend.now()
    found = store.find(id_hash)
    if found is None:
        g.session_ended = "unknown"
        return
    if now >= found.expires_at or now - found.last_seen_at > settings().idle:
        store.delete(id_hash)
        g.session_ended = "expired"
        return
    try:
        actor = backend.authenticate_session(found.token_hash)
    except backend.Unauthenticated:
        store.delete(id_hash)
        g.session_ended = "token"
        return
    if actor.id != found.staff_id:
        store.delete(id_hash)
        return
    if now - found.last_seen_at >= TOUCH_EVERY:
        store.touch(id_hash, now)
    g.web_session, g.actor, g.session_id_hash = found, actor, id_hash


def check_csrf() -> None:
    """Every state-changing request: same origin, and the right CSRF token."""
    if request.method in SAFE_METHODS:
        return
    _same_origin()
    if request.endpoint == SIGN_IN_ENDPOINT:
        expected = request.cookies.get(SIGN_IN_COOKIE, "")
    elif g.web_session is None:
        raise Refused(401, "로그인이 필요합니다. 다시 로그인한 뒤 작업하세요.")
    else:
        expected = g.web_session.csrf_token
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Refused(403, "보안 토큰(CSRF)이 없거나 맞지 않아 요청을 처리하지 않았습니다. "
                           "페이지를 새로 고친 뒤 다시 시도하세요.")


def _same_origin() -> None:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        raise Refused(403, "다른 사이트에서 보낸 요청은 처리하지 않습니다.")
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        if urlsplit(origin).netloc != request.host:
            raise Refused(403, "다른 사이트에서 보낸 요청은 처리하지 않습니다.")


# -- signing in and out -----------------------------------------------------------------------

def sign_in_token(response: Response) -> str:
    """A fresh double-submit token for the sign-in form, bound to its own cookie."""
    token = secrets.token_urlsafe(32)
    response.set_cookie(SIGN_IN_COOKIE, token, max_age=3600, httponly=True, samesite="Strict",
                        secure=_secure(), path="/sign-in")
    return token


def open_session(actor: backend.Actor, token_hash: str, response: Response) -> None:
    """A new session (never a reused id: no fixation) and its cookie."""
    now, config = backend.now(), settings()
    sid = secrets.token_urlsafe(32)
    store = backend.sessions()
    store.delete_expired(now, now - config.idle)
    store.add(backend.WebSession(
        id_hash=_hash(sid), staff_id=actor.id, token_hash=token_hash,
        csrf_token=secrets.token_urlsafe(32), created_at=now, last_seen_at=now,
        expires_at=now + config.absolute))
    secure = _secure()
    response.set_cookie(SECURE_COOKIE if secure else COOKIE, sid,
                        max_age=int(config.absolute.total_seconds()), httponly=True,
                        samesite="Strict", secure=secure, path="/")
    response.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")


def close_session(response: Response) -> None:
    if g.get("web_session") is not None:
        backend.sessions().delete(g.session_id_hash)
    forget_cookie(response)


def forget_cookie(response: Response) -> None:
    for name in (COOKIE, SECURE_COOKIE):
        if name in request.cookies:
            response.delete_cookie(name, path="/", secure=name == SECURE_COOKIE,
                                   httponly=True, samesite="Strict")


def install(app: Flask, config: WebSettings) -> None:
    app.extensions[SETTINGS_KEY] = config
    app.before_request(load)
    app.before_request(check_csrf)

    @app.after_request
    def _drop_dead_cookie(response: Response) -> Response:
        if g.get("session_ended") and g.get("web_session") is None:
            forget_cookie(response)
        return response
