"""The webhook use cases of the API app (web/webhooks.py)."""
from __future__ import annotations

from flask import current_app

from casemgmt.api import webhooks as webhooks_api
from casemgmt.application.webhooks import PAUSED_BY_ADMIN

from .wiring import API_APP_KEY


def webhook_desk():
    """The webhook use cases (subscribe, pause, resume, delete, deliveries) of the API app."""
    return webhooks_api.webhooks(current_app.extensions[API_APP_KEY]).desk


WebhookNotFound = webhooks_api.WebhookNotFound
WEBHOOK_EVENT_TYPES = webhooks_api.EVENT_TYPES
WEBHOOK_STATUSES = webhooks_api.STATUSES
webhook_delivery_id = webhooks_api.delivery_id
WEBHOOK_PAUSED_BY_ADMIN = PAUSED_BY_ADMIN
