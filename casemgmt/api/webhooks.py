"""Webhook subscriptions for admins: add one (its secret shown once), list, read, pause,
resume, delete; look at its deliveries by status and send them again from a log position.
Also what /readyz and /metrics say about webhooks."""
from __future__ import annotations

import threading
from datetime import datetime, timezone

from flask import Flask, current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from casemgmt.application.webhooks import WebhookNotFound
from casemgmt.domain.access import MAY
from casemgmt.webhooks.payloads import EVENT_TYPES, delivery_id
from casemgmt.webhooks.records import PAUSED, PENDING, STATUSES
from casemgmt.webhooks.wiring import Webhooks, compose

from .auth import current_actor
from .operation import operation
from .problems import problem
from .schemas.common import SHORT, nullable, page_limit, page_of

blp = Blueprint("webhooks", __name__, url_prefix="/api/v1/webhooks",
                description="Webhook subscriptions and their deliveries (admins)")
ADMIN = MAY["manage_webhooks"]
EXTENSION = "casemgmt.webhooks"
_compose_lock = threading.Lock()


class WebhookIn(Schema):
    url = fields.String(required=True, validate=validate.Length(min=1, max=2_000),
                        metadata={"description": "http(s); must resolve to public addresses"})
    events = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True,
                         validate=validate.Length(max=len(EVENT_TYPES) + 1), metadata={
                             "description": '["*"] or claim event types: '
                                            + ", ".join(EVENT_TYPES)})
    description = fields.String(load_default="", validate=validate.Length(max=SHORT))


class WebhookOut(Schema):
    id = fields.String(required=True)
    url = fields.String(required=True)
    events = fields.List(fields.String(), required=True)
    description = fields.String(required=True)
    state = fields.String(required=True, validate=validate.OneOf(["active", "paused"]))
    paused_reason = nullable(fields.String)
    consecutive_failures = fields.Integer(required=True, metadata={
        "description": "deliveries failed in a row; the subscription pauses at a bound"})
    position = fields.Integer(required=True, metadata={
        "description": "the last event log position turned into deliveries"})
    created_at = fields.DateTime(required=True)


class NewWebhookOut(WebhookOut):
    secret = fields.String(required=True, metadata={
        "description": "signs every delivery (Casemgmt-Signature); shown this once"})


class DeliveryQuery(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES))
    after = fields.Integer(load_default=0, validate=validate.Range(min=0),
                           metadata={"description": "a position: the page after it"})
    limit = page_limit()


class DeliveryOut(Schema):
    delivery_id = fields.String(required=True)
    position = fields.Integer(required=True)
    claim_id = fields.String(required=True)
    type = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    attempts = fields.Integer(required=True)
    next_attempt_at = nullable(fields.DateTime)
    last_attempt_at = nullable(fields.DateTime)
    last_status_code = nullable(fields.Integer)
    last_error = nullable(fields.String)
    delivered_at = nullable(fields.DateTime)
    created_at = fields.DateTime(required=True)


DeliveryPageOut = page_of(DeliveryOut, "DeliveryPageOut", resume="after")


class RedeliveryIn(Schema):
    from_position = fields.Integer(required=True, strict=True,
                                   validate=validate.Range(min=1, max=2**62))


class RedeliveryOut(Schema):
    from_position = fields.Integer(required=True)
    requeued = fields.Integer(required=True, metadata={
        "description": "deliveries queued again; events older than the subscription follow"})


@blp.route("")
class WebhookCollection(MethodView):
    @operation(blp, roles=ADMIN, idempotent=True)
    @blp.arguments(WebhookIn)
    @blp.response(201, NewWebhookOut)
    def post(self, data):
        """Subscribe a URL to claim events; the response carries the signing secret, once."""
        subscription, secret = webhooks().desk.subscribe(current_actor(), **data)
        return {**vars(subscription), "secret": secret}, 201

    @operation(blp, roles=ADMIN)
    @blp.response(200, WebhookOut(many=True))
    def get(self):
        """Every webhook subscription."""
        return [vars(s) for s in webhooks().desk.webhooks(current_actor())]


@blp.route("/<webhook_id>")
class WebhookItem(MethodView):
    @operation(blp, roles=ADMIN, problems=(404,))
    @blp.response(200, WebhookOut)
    def get(self, webhook_id):
        """One webhook subscription."""
        return vars(webhooks().desk.webhook(current_actor(), webhook_id))

    @operation(blp, roles=ADMIN, problems=(404,))
    @blp.response(200, WebhookOut)
    def delete(self, webhook_id):
        """Delete a subscription and its deliveries; answers what was deleted."""
        desk = webhooks().desk
        subscription = desk.webhook(current_actor(), webhook_id)
        desk.unsubscribe(current_actor(), webhook_id)
        return vars(subscription)


@blp.route("/<webhook_id>/pause", methods=["POST"])
@operation(blp, roles=ADMIN, problems=(404,))
@blp.response(200, WebhookOut)
def pause(webhook_id):
    """Stop sending; events keep being collected and go out when it is resumed."""
    return vars(webhooks().desk.pause(current_actor(), webhook_id))


@blp.route("/<webhook_id>/resume", methods=["POST"])
@operation(blp, roles=ADMIN, problems=(404,))
@blp.response(200, WebhookOut)
def resume(webhook_id):
    """Send again from where it stopped (also after an automatic pause)."""
    return vars(webhooks().desk.resume(current_actor(), webhook_id))


@blp.route("/<webhook_id>/deliveries")
@operation(blp, roles=ADMIN, problems=(404,))
@blp.arguments(DeliveryQuery, location="query")
@blp.response(200, DeliveryPageOut)
def deliveries(query, webhook_id):
    """The subscription's deliveries in log order, by status if asked, a page at a time."""
    found = webhooks().desk.deliveries_of(current_actor(), webhook_id, status=query.get("status"),
                                          after=query["after"], limit=query["limit"])
    items = [{**vars(d), "type": d.event_type,
              "delivery_id": delivery_id(d.subscription_id, d.position)} for d in found]
    full = len(items) == query["limit"]
    return {"items": items, "next_cursor": str(items[-1]["position"]) if full else None}


@blp.route("/<webhook_id>/redeliveries", methods=["POST"])
@operation(blp, roles=ADMIN, problems=(404,), idempotent=True)
@blp.arguments(RedeliveryIn)
@blp.response(200, RedeliveryOut)
def redeliver(data, webhook_id):
    """Send every subscribed event from this log position on again (same delivery ids)."""
    requeued = webhooks().desk.redeliver(current_actor(), webhook_id, data["from_position"])
    return {"from_position": data["from_position"], "requeued": requeued}


@blp.errorhandler(WebhookNotFound)
def _not_found(error: WebhookNotFound):
    return problem(404, f"No webhook {error}.", slug="webhook-not-found")


def webhooks(app: Flask | None = None) -> Webhooks:
    """This app's webhooks, composed on first use from its services."""
    app = app or current_app
    with _compose_lock:
        if EXTENSION not in app.extensions:
            app.extensions[EXTENSION] = compose(app.extensions["casemgmt"])
        return app.extensions[EXTENSION]


# -- /readyz and /metrics ------------------------------------------------------------------

def readiness() -> dict:
    """Paused subscriptions degrade the service; they never make it not ready (the API and
    the claims work without them, and a load balancer must not take the service away)."""
    try:
        health = webhooks().desk.health()
    except Exception as error:  # the database check above says whether that matters
        return {"ok": False, "error": type(error).__name__, "affects_readiness": False}
    paused = [s.id for s, _ in health if s.state == PAUSED]
    return {"ok": not paused, "paused": paused, "affects_readiness": False}


def metric_lines() -> list[str]:
    now = datetime.now(timezone.utc)
    lines = ["# HELP casemgmt_webhook_paused 1 when the subscription is paused.",
             "# TYPE casemgmt_webhook_paused gauge",
             "# HELP casemgmt_webhook_deliveries Deliveries waiting or given up on.",
             "# TYPE casemgmt_webhook_deliveries gauge",
             "# HELP casemgmt_webhook_oldest_pending_seconds Age of the oldest pending delivery.",
             "# TYPE casemgmt_webhook_oldest_pending_seconds gauge"]
    try:
        health = webhooks().desk.health()
    except Exception:  # the database is down: /readyz says so; the other metrics still serve
        return []
    for subscription, counts in health:
        label = f'subscription="{subscription.id}"'
        lines.append(f"casemgmt_webhook_paused{{{label}}} {int(subscription.state == PAUSED)}")
        for status in (PENDING, "failed"):
            lines.append(f'casemgmt_webhook_deliveries{{{label},status="{status}"}} '
                         f"{counts.get(status, 0)}")
        oldest = counts.get("oldest_pending_at")
        age = (now - oldest).total_seconds() if oldest else 0
        lines.append(f"casemgmt_webhook_oldest_pending_seconds{{{label}}} {max(age, 0):.1f}")
    return lines
