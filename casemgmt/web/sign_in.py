"""Signing in with one's API token (a form POST: never in a URL or a log), and signing out."""
from __future__ import annotations

from flask import Blueprint, g, make_response, render_template, request, url_for

from casemgmt.api import throttle

from . import backend, session
from .access import see_other

blp = Blueprint("auth", __name__)
ENDED = {"expired": "오래 사용하지 않아 로그아웃되었습니다. 다시 로그인하세요.",
         "token": "API 토큰이 만료되었거나 폐기되어 로그아웃되었습니다. 관리자에게 새 토큰을 "
                  "받으세요.",
         "signed_out": "로그아웃했습니다."}
THROTTLED = "이 주소에서 잘못된 토큰이 너무 많이 입력되었습니다. 잠시 후 다시 시도하세요."


@blp.get("/sign-in")
def sign_in():
    if g.get("actor") is not None:
        return see_other(url_for("queue.index"))
    return _form(200, notice=ENDED.get(request.args.get("ended", "")))


@blp.post("/sign-in")
def sign_in_post():
    token = (request.form.get("token") or "").strip()
    if not token:
        return _form(422, error="API 토큰을 붙여 넣으세요.")
    throttled = throttle.address_throttled()  # as the API: guessing is throttled per address
    if throttled is not None:
        return _throttled(throttled)
    try:
        actor, token_hash = backend.authenticate(token)
    except backend.Unauthenticated as error:
        spent = throttle.failed_authentication()
        if spent.wait > 0:
            return _throttled(spent)
        if isinstance(error, backend.TokenExpired):
            return _form(401, error="이 토큰은 만료되었습니다. 관리자에게 새 토큰을 받으세요.")
        return _form(401, error="토큰이 올바르지 않습니다. `casemgmt staff add`가 출력한 "
                                "token 값을 그대로 붙여 넣으세요.")
    response = see_other(url_for("queue.index"))
    session.open_session(actor, token_hash, response)
    return response


@blp.post("/sign-out")
def sign_out():
    response = see_other(url_for("auth.sign_in", ended="signed_out"))
    session.close_session(response)
    return response


def _throttled(spent):
    response = _form(429, error=THROTTLED)
    response.headers["Retry-After"] = spent.retry_after()
    return response


def _form(status: int, *, error: str | None = None, notice: str | None = None):
    # The pasted token is never sent back: the field is always rendered empty.
    response = make_response("", status)
    form_token = session.sign_in_token(response)
    response.set_data(render_template("sign_in.html", form_token=form_token, error=error,
                                      notice=notice))
    return response
