"""The admins' webhook page: subscriptions listed, added (the signing secret shown once, in the
answer to the form and nowhere else), paused and resumed, deleted after a confirmation, and a
subscription's deliveries by status — through the API's own use cases (the webhook desk), so
the same URL guard, event types and admin-only rule apply. Other roles get the API's 403."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from casemgmt.api.webhooks import RedeliveryIn, WebhookIn

from . import backend
from .access import page, see_other, signed_in
from .forms import Failed, read

blp = Blueprint("webhook_pages", __name__)
BASE = "/api/v1/webhooks"
LIST, ADD = ("GET", BASE), ("POST", BASE)
DELETE = ("DELETE", f"{BASE}/{{webhook_id}}")
PAUSE, RESUME = ("POST", f"{BASE}/{{webhook_id}}/pause"), ("POST", f"{BASE}/{{webhook_id}}/resume")
DELIVERIES = ("GET", f"{BASE}/{{webhook_id}}/deliveries")
REDELIVER = ("POST", f"{BASE}/{{webhook_id}}/redeliveries")
PAGE_SIZE = 50
DONE = {"paused": "전송을 일시 중지했습니다. 그동안의 이벤트는 모아 두었다가 다시 시작하면 보냅니다.",
        "resumed": "전송을 다시 시작했습니다.", "deleted": "구독을 삭제했습니다."}
REFUSALS = {
    "webhook.url_refused": "이 주소로는 보낼 수 없습니다: http(s) 주소여야 하고, 내부망·루프백·"
                           "링크 로컬 주소로 연결되면 안 됩니다.",
    "webhook.events": "이벤트를 하나 이상 고르세요. '모든 이벤트'는 다른 이벤트와 함께 고를 수 "
                      "없습니다.",
    "webhook.from_position": "지금까지 기록된 이벤트의 위치를 적으세요 (1부터 마지막 이벤트의 "
                             "위치까지).",
}


@blp.get("/webhooks")
@page(api=LIST)
def index():
    return _list(done=DONE.get(request.args.get("done", "")))


@blp.post("/webhooks")
@page(api=ADD)
def add():
    data, errors = read(WebhookIn, request.form)
    if data is not None:
        try:
            subscription, secret = backend.webhook_desk().subscribe(signed_in(), **data)
        except backend.InvalidCommand as refused:
            errors = {refused.field or "_form": [REFUSALS.get(refused.rule, refused.message)]}
        else:
            return _list(created=subscription, secret=secret, status=201)
    return _list(errors=errors, values=request.form, status=422)


def _list(*, created=None, secret: str | None = None, errors=None, values=None,
          done: str | None = None, status: int = 200):
    desk = backend.webhook_desk()
    health = {s.id: counts for s, counts in desk.health()}  # pending and failed per subscription
    return render_template(
        "webhooks.html", subscriptions=desk.webhooks(signed_in()), counts=health,
        created=created, secret=secret, errors=errors or {}, values=values, done=done,
        event_types=backend.WEBHOOK_EVENT_TYPES), status


@blp.get("/webhooks/<webhook_id>")
@page(api=DELIVERIES)
def show(webhook_id: str):
    done = DONE.get(request.args.get("done", ""))
    if request.args.get("done") == "redelivered":
        requeued = request.args.get("requeued", "")
        done = f"{int(requeued) if requeued.isdigit() else 0}건을 같은 전송 ID로 다시 보냅니다."
    return _show(webhook_id, done=done)


@blp.post("/webhooks/<webhook_id>/redeliveries")
@page(api=REDELIVER)
def redeliver(webhook_id: str):
    """Send the subscribed events again from a log position on (the API's redelivery)."""
    data, errors = read(RedeliveryIn, request.form)
    if data is not None:
        try:
            requeued = backend.webhook_desk().redeliver(signed_in(), webhook_id,
                                                        data["from_position"])
        except backend.WebhookNotFound:
            return _gone()
        except backend.InvalidCommand as refused:
            errors = {refused.field or "_form": [REFUSALS.get(refused.rule, refused.message)]}
        else:
            return see_other(url_for("webhook_pages.show", webhook_id=webhook_id,
                                     done="redelivered", requeued=requeued))
    return _show(webhook_id, failed=Failed("redeliver", errors, request.form), code=422)


def _show(webhook_id: str, *, done: str | None = None, failed: Failed | None = None,
          code: int = 200):
    desk, actor = backend.webhook_desk(), signed_in()
    status = request.args.get("status") or None
    if status not in (None, *backend.WEBHOOK_STATUSES):
        status = None
    after = request.args.get("after", "")
    after_position = int(after) if after.isdigit() and len(after) < 19 else 0
    try:
        subscription = desk.webhook(actor, webhook_id)
        found = desk.deliveries_of(actor, webhook_id, status=status, after=after_position,
                                   limit=PAGE_SIZE)
    except backend.WebhookNotFound:
        return _gone()
    deliveries = [{**vars(d), "delivery_id": backend.webhook_delivery_id(d.subscription_id,
                                                                         d.position)}
                  for d in found]
    following = ({"status": status, "after": deliveries[-1]["position"]} if status else
                 {"after": deliveries[-1]["position"]}) if len(deliveries) == PAGE_SIZE else None
    return render_template("webhook.html", subscription=subscription, deliveries=deliveries,
                           status=status, following=following,
                           statuses=backend.WEBHOOK_STATUSES, done=done, failed=failed,
                           first_failed=_first_failed(deliveries)), code


def _first_failed(deliveries: list[dict]) -> int | None:
    """Where a redelivery would most likely start: the first failed delivery shown."""
    return next((d["position"] for d in deliveries if d["status"] == "failed"), None)


@blp.post("/webhooks/<webhook_id>/pause")
@page(api=PAUSE)
def pause(webhook_id: str):
    return _change(webhook_id, "pause", "paused")


@blp.post("/webhooks/<webhook_id>/resume")
@page(api=RESUME)
def resume(webhook_id: str):
    return _change(webhook_id, "resume", "resumed")


def _change(webhook_id: str, use_case: str, done: str):
    try:
        getattr(backend.webhook_desk(), use_case)(signed_in(), webhook_id)
    except backend.WebhookNotFound:
        return _gone()
    return see_other(url_for("webhook_pages.show", webhook_id=webhook_id, done=done))


@blp.get("/webhooks/<webhook_id>/delete")
@page(api=DELETE)
def confirm_delete(webhook_id: str):
    try:
        subscription = backend.webhook_desk().webhook(signed_in(), webhook_id)
    except backend.WebhookNotFound:
        return _gone()
    return render_template("webhook_delete.html", subscription=subscription)


@blp.post("/webhooks/<webhook_id>/delete")
@page(api=DELETE)
def delete(webhook_id: str):
    try:
        backend.webhook_desk().unsubscribe(signed_in(), webhook_id)
    except backend.WebhookNotFound:
        return _gone()
    return see_other(url_for("webhook_pages.index", done="deleted"))


@blp.app_template_filter("paused_reason")
def paused_reason(reason: str | None) -> str:
    """Why a subscription is paused, in Korean (the store keeps the English sentence)."""
    if not reason:
        return ""
    if reason == backend.WEBHOOK_PAUSED_BY_ADMIN:
        return "관리자가 일시 중지함"
    return f"전송 실패가 이어져 자동으로 일시 중지됨 ({reason})"


def _gone():
    return render_template("error.html", status=404,
                           message="그런 웹훅 구독이 없습니다 (이미 삭제되었을 수 있습니다)."), 404
