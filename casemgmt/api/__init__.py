"""The REST API: create_app(settings) builds the Flask app around the composed services."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from casemgmt.bootstrap import Services, build
from casemgmt.config import Settings

from .access_log import record_disclosures
from .bodies import check_json_bodies
from .evidence_routes import register_evidence
from .guards import guard_the_front, install_guards
from .limits import refuse_unsized_bodies_over_the_cap
from .links import add_links
from .observability import observe_requests
from .openapi_shapes import TypedClientPlugin
from .openapi_shapes import finish as finish_spec
from .operation_ids import OPERATION_IDS
from .problems import register_problem_handlers

MAX_BODY_BYTES = 1024 * 1024


class ProblemApi(Api):
    # Our errors are problem+json, documented per operation; smorest's generic one would lie.
    DEFAULT_ERROR_RESPONSE_NAME = None


def create_app(settings: Settings | None = None, *, services: Services | None = None) -> Flask:
    from casemgmt import web

    from . import (
        audit,
        claim_commands,
        claims,
        claims_export,
        customers,
        follow_ups,
        jobs,
        operations,
        privacy,
        simulations,
        staff,
        standards,
        stats,
        webhooks,
    )

    svc = services or build(settings)
    app = Flask("casemgmt", static_folder=None)  # no /static route: every route is documented
    app.config.update(
        API_TITLE="casemgmt", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/", OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs", OPENAPI_SWAGGER_UI_URL="/docs/assets/",
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES, JSON_SORT_KEYS=False,
    )
    app.json.ensure_ascii = False  # Korean text stays readable on the wire
    app.extensions["casemgmt"] = svc
    app.url_map.converters["customer_ref"] = customers.CustomerRef  # before the routes
    api = ProblemApi(app, spec_kwargs={"info": {"description": _DESCRIPTION},
                                       "marshmallow_plugin": TypedClientPlugin()})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    for blueprint in (claims.blp, claim_commands.blp, audit.blp, stats.blp, staff.blp,
                      follow_ups.blp, jobs.blp, privacy.blp, standards.blp, simulations.blp,
                      webhooks.blp, customers.blp, claims_export.blp):
        api.register_blueprint(blueprint)
    register_evidence(app, api)  # evidence files and vendor links (before the body hooks)
    install_guards(app)  # proxies, shared rate limits, address throttle, refusals (issue 15)
    add_links(api.spec)
    app.register_blueprint(operations.blp)
    operations.document(app, api.spec)
    finish_spec(api.spec, OPERATION_IDS)  # operationIds; no unused schemas (after every path)
    operations.serve_docs_assets(app)
    operations.count_requests(app)
    record_disclosures(app)
    refuse_unsized_bodies_over_the_cap(app)
    check_json_bodies(app)
    register_problem_handlers(app)
    web.register(app)  # the staff workspace at GET / (casemgmt/web), in front of the API
    guard_the_front(app)  # the workspace's sign-in throttled; proxies read for both (issue 15)
    observe_requests(app)  # around everything: request ids, request metrics (issue 14)
    return app


_DESCRIPTION = (
    "Event-sourced complaint case management. Every error is application/problem+json. "
    "Authenticate with `Authorization: Bearer <token>` (tokens come from `casemgmt staff add`)."
)
