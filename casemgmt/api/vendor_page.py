"""The vendor's page at /vendor and its assets: served by the app itself (no CDN), no inline
script or style, so the page runs under `default-src 'self'`. The link's token is in the
URL fragment, which browsers never send: the server sees /vendor and nothing more."""
from __future__ import annotations

from flask import Blueprint, Flask, Response, send_from_directory
from werkzeug.exceptions import NotFound

from casemgmt.vendor_page import ASSETS

blp = Blueprint("vendor_page", __name__)
ASSET_FILES = frozenset({"vendor.js", "vendor.css", "icon.svg"})
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' blob:; object-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


@blp.get("/vendor")
def page():
    """The page a vendor opens from its link (Korean, for a phone)."""
    return _safe(send_from_directory(ASSETS, "index.html", mimetype="text/html"))


@blp.get("/vendor/assets/<path:filename>")
def asset(filename: str):
    if filename not in ASSET_FILES:
        raise NotFound()
    return _safe(send_from_directory(ASSETS, filename, max_age=0))


def _safe(response: Response) -> Response:
    response.headers.update(HEADERS)
    return response


def register_vendor_page(app: Flask, spec) -> None:
    """Serve the page, and list it in /openapi.json as a public operation (OWASP API9)."""
    app.register_blueprint(blp)
    rule = next(r for r in app.url_map.iter_rules() if r.rule == "/vendor")
    spec.path(rule=rule, operations={"get": {
        "summary": "The vendor's page: answers a fact check through a vendor link",
        "tags": ["operations"], "security": [], "responses": {"200": {
            "description": "HTML (Korean); the token stays in the URL fragment",
            "content": {"text/html": {"schema": {"type": "string"}}}}}}})
