"""The client's address behind reverse proxies the operator names (CASEMGMT_TRUSTED_PROXIES).

With N trusted proxies in front of the service, the client address (for the access log and
the per-address throttle) is the N-th address from the right of `X-Forwarded-For`, and the
scheme that of `X-Forwarded-Proto` (werkzeug's ProxyFix). Left at 0, forwarded headers are
ignored: a client could otherwise claim any address it likes.
"""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trust_proxies(app: Flask, count: int) -> None:
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app,  # type: ignore[method-assign]
                                x_for=count, x_proto=count)
