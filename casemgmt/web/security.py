"""Response headers on every workspace response: a strict Content-Security-Policy (our own
scripts and styles only, none inline; no framing), and pages that show personal data are not
cached by the browser or a proxy."""
from __future__ import annotations

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def install(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            # a view may send a stricter policy of its own (an evidence file: sandboxed)
            if name != "Content-Security-Policy" or name not in response.headers:
                response.headers[name] = value
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response
