"""The work queue at GET /: the filters of GET /claims as a form, a page of claims with their
deadlines and flags, cursor paging, and what waits for the signed-in staff member."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import Blueprint, render_template, request
from marshmallow import ValidationError

from casemgmt.domain.calendar import SEOUL

from . import backend
from .access import page, signed_in
from .forms import flatten, korean
from .time_left import time_left

blp = Blueprint("queue", __name__)
QUEUE = ("GET", "/api/v1/claims")
APPROVAL = ("POST", "/api/v1/claims/{claim_id}/decisions/{decision_id}/approval")
EXPORT = ("GET", "/api/v1/claims/export.csv")  # the export button (web/exports.py)
FILTERS = ("status", "category", "channel", "assignee", "overdue", "open", "received_from",
           "received_to", "limit", "cursor")


@blp.get("/")
@page()
def index():
    actor = signed_in()
    if not backend.admits(actor, *QUEUE):
        return render_template("home.html")  # an admin: no claims, only what the nav offers
    filters, errors = _filters(request.args, actor)
    items, cursor = [], None
    if not errors:
        try:
            items, cursor = backend.queue_page(filters)
        except backend.InvalidCommand:
            errors = {"cursor": ["이 목록의 다음 쪽 주소가 아닙니다. 처음부터 다시 조회하세요."]}
    rows = [_row(item) for item in items]
    return render_template("queue.html", rows=rows, next_cursor=cursor, errors=errors,
                           chosen=request.args, waiting=_waiting(actor),
                           next_args=_next_args(request.args, cursor),
                           export_args=_export_args(request.args, actor)), \
        422 if errors else 200


def _filters(args, actor) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The form's values → GET /claims's query, validated by the API's own schema."""
    query = {name: args[name] for name in ("status", "category", "channel", "cursor", "limit")
             if args.get(name)}
    if args.get("overdue") == "true":
        query["overdue"] = "true"
    for name, day_offset in (("received_from", 0), ("received_to", 1)):
        if args.get(name):
            query[name] = _seoul_midnight(args[name], day_offset)
    extra: dict[str, Any] = {}
    assignee = args.get("assignee", "")
    if assignee == "mine":
        query["assignee"] = actor.id
    elif assignee == "unassigned":
        extra["unassigned"] = True
    if args.get("open") == "true":
        extra["open"] = True
    try:
        return {**backend.SCHEMAS["queue"]().load(query), **extra}, {}
    except ValidationError as error:
        return {}, korean(flatten(error.messages))


def _seoul_midnight(text: str, day_offset: int) -> str:
    """A date from <input type="date"> → its Seoul midnight (the 'to' date counts whole)."""
    try:
        day = date.fromisoformat(text) + timedelta(days=day_offset)
    except ValueError:
        return text  # the schema reports it
    return datetime.combine(day, time(0), tzinfo=SEOUL).isoformat()


def _row(item: dict[str, Any]) -> dict[str, Any]:
    view, pending = backend.view(), []
    if item["first_response_at"] is None:
        pending.append(("first_response", item["deadlines"]["first_response"]))
    if item["closed_at"] is None:
        pending.append(("resolution", item["deadlines"]["resolution"]))
    deadlines = [(name, due, time_left(view.now, due, view.calendar)) for name, due in pending]
    return {**item, "pending": deadlines,
            "approaching": any(left.approaching for _, _, left in deadlines),
            "assignee_name": backend.staff_name(item["assignee"])}


def _waiting(actor) -> list[tuple[str, int, dict[str, str]]]:
    """(what, how many, the filter that lists them) for the "waiting for me" summary."""
    mine = {"assignee": actor.id, "open": True}
    waiting = [("내게 배정된 미종결 클레임", backend.queue_count(mine),
                {"assignee": "mine", "open": "true"}),
               ("그중 기한 초과", backend.queue_count({**mine, "overdue": True}),
                {"assignee": "mine", "overdue": "true"}),
               ("미배정 신규 클레임", backend.queue_count({"unassigned": True, "open": True}),
                {"assignee": "unassigned", "open": "true"})]
    if backend.admits(actor, *APPROVAL):
        waiting.append(("승인 대기 결정이 있는 클레임",
                        backend.queue_count({"status": "awaiting_approval"}),
                        {"status": "awaiting_approval"}))
    return waiting


def _next_args(args, cursor: str | None) -> dict[str, str] | None:
    if cursor is None:
        return None
    kept = {name: args[name] for name in FILTERS if args.get(name) and name != "cursor"}
    return {**kept, "cursor": cursor}


def _export_args(args, actor) -> dict[str, str] | None:
    """The export button's query (the queue's received dates: the export filters by nothing
    else), or None when the API does not let this role export."""
    if not backend.admits(actor, *EXPORT):
        return None
    return {name: args[name] for name in ("received_from", "received_to") if args.get(name)}
