"""The staff workspace: Korean, server-rendered pages at GET / on the same application and
rules as the REST API. ``register(app)`` puts it in front of create_app's Flask app.

The workspace is a Flask app of its own that answers the paths it knows (/, /sign-in,
/claims/..., /approvals, /dashboards/..., /assets/...) and hands every other request to the
API unchanged. So the API keeps its JSON-only hooks (415 for form bodies, problem+json
errors) and its inventory (/openapi.json lists what the API serves), while the pages get
their own: sessions, CSRF, HTML errors, and the security headers of every workspace response.
"""
from __future__ import annotations

from typing import Callable

from flask import Flask, g
from werkzeug.exceptions import HTTPException, NotFound

from casemgmt.api.access_log import record_disclosures
from casemgmt.api.operations import count_requests

from . import access, backend, formatting, security, session, uploads
from .describe import describe, part_of
from .navigation import items_for

MAX_FORM_BYTES = 1024 * 1024


def register(api_app: Flask, config: session.WebSettings | None = None) -> Flask:
    workspace = Flask(__name__, static_url_path="/assets")
    workspace.config.update(MAX_CONTENT_LENGTH=MAX_FORM_BYTES, SEND_FILE_MAX_AGE_DEFAULT=3600)
    backend.share_services(api_app, workspace)
    uploads.install(workspace)  # before the session's CSRF check reads an upload's form
    session.install(workspace, config or session.WebSettings.from_env())
    formatting.install(workspace)
    access.install(workspace)
    _pages(workspace)
    workspace.context_processor(_everywhere)
    workspace.jinja_env.globals.update(
        describe=lambda data: describe(data, backend.staff_name), part_of=part_of)
    # after_request hooks run last-registered first: headers are set on every response, the
    # refused pages' disclosures are logged before the API's hook logs the successful ones.
    record_disclosures(workspace)
    count_requests(workspace)
    workspace.after_request(_log_refused_disclosures)
    security.install(workspace)
    api_app.wsgi_app = WorkspaceFirst(workspace, api_app.wsgi_app)
    api_app.extensions["casemgmt.web"] = workspace
    return workspace


def _pages(workspace: Flask) -> None:
    from . import (
        approvals, claim_pages, dashboards, decision_standard, evidence, history, intake, queue,
        remedies, sign_in, simulations,
    )

    for module in (sign_in, queue, intake, claim_pages, approvals, history, dashboards,
                   evidence, remedies, decision_standard, simulations):
        workspace.register_blueprint(module.blp)
    from . import customers, exports, webhooks  # issue 10 and 13's pages

    for module in (customers, exports, webhooks):
        workspace.register_blueprint(module.blp)


def _everywhere() -> dict:
    actor = g.get("actor")
    found = g.get("web_session")
    return {"me": actor, "nav": items_for(actor),
            "csrf_token": found.csrf_token if found is not None else ""}


def _log_refused_disclosures(response):
    if response.status_code >= 400 and g.get("actor") is not None:
        backend.log_disclosures_of_refusal(response.status_code)
    return response


class WorkspaceFirst:
    """WSGI: requests for a workspace route go to the workspace, everything else to the API."""

    def __init__(self, workspace: Flask, api: Callable):
        self.workspace, self.api = workspace, api

    def __call__(self, environ, start_response):
        try:
            self.workspace.url_map.bind_to_environ(environ).match()
        except NotFound:
            return self.api(environ, start_response)
        except HTTPException:  # 405 or a redirect for a workspace path: the workspace answers
            pass
        return self.workspace.wsgi_app(environ, start_response)
