"""Who may open a page: a signed-in staff member whose role the API admits to the operation
the page fronts (read from the API's own x-roles), and how refusals are shown."""
from __future__ import annotations

import logging
from functools import wraps
from typing import Callable
from urllib.parse import urlencode

from flask import Flask, Response, g, render_template, request, url_for
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from . import backend
from .labels import ko
from .session import Refused

log = logging.getLogger("casemgmt.web")


def page(api: tuple[str, str] | None = None) -> Callable:
    """Signed in; and when `api` names an operation, a role that operation admits."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            actor = signed_in()
            if api is not None and not backend.admits(actor, *api):
                raise Refused(403, f"{ko(actor.role.value, 'role')} 역할은 이 화면이나 작업을 "
                                   "쓸 수 없습니다.")
            return view(*args, **kwargs)

        return guarded

    return decorate


def see_other(location: str) -> Response:
    """303 to `location`, with a Korean body for the rare client that shows it."""
    body = (f'<!doctype html><html lang="ko"><title>이동</title><p><a href="{escape(location)}">'
            "다음 화면으로 이동</a></p></html>")
    return Response(body, 303, {"Location": location}, mimetype="text/html")


def signed_in() -> backend.Actor:
    actor = g.get("actor")
    if actor is None:
        raise Refused(401, "로그인이 필요합니다.")
    return actor


def may(actor: backend.Actor, method: str, api_path: str) -> bool:
    return backend.admits(actor, method, api_path)


def install(app: Flask) -> None:
    @app.errorhandler(Refused)
    def _refused(error: Refused):
        if error.status == 401 and request.method in ("GET", "HEAD"):
            ended = g.get("session_ended")
            query = f"?{urlencode({'ended': ended})}" if ended in ("expired", "token") else ""
            return see_other(url_for("auth.sign_in") + query)
        return render_template("error.html", status=error.status, message=error.message), \
            error.status

    @app.errorhandler(backend.ClaimNotFound)
    def _no_claim(error):
        return render_template("error.html", status=404,
                               message="그런 클레임이 없거나, 그 시점에는 없었습니다."), 404

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        messages = {404: "찾는 페이지가 없습니다.", 405: "이 주소에서는 그 요청을 받지 않습니다.",
                    413: "보낸 내용이 너무 큽니다 (1 MiB 이하)."}
        status = error.code or 500
        return render_template("error.html", status=status,
                               message=messages.get(status, "요청을 처리할 수 없습니다.")), status

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        # The type only: a message may quote form data, and form data may be personal.
        log.error("unexpected %s in the workspace", type(error).__name__)
        return render_template("error.html", status=500,
                               message="처리 중 문제가 생겼습니다. 기록해 두었으니 잠시 후 다시 "
                                       "시도하세요."), 500
