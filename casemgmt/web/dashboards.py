"""Dashboards: VoC with server-drawn charts, the authority ledger of the month per person,
and the month's Surprise & Delight round with its candidates, reasons and selections."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template, request, url_for

from casemgmt.domain.calendar import SEOUL

from . import backend, charts
from .access import page, see_other, signed_in
from .forms import read
from .labels import LABELS, ko
from .refusals import reason

blp = Blueprint("dashboards", __name__, url_prefix="/dashboards")
VOC = ("GET", "/api/v1/stats/voc")
LEDGER = ("GET", "/api/v1/staff/{staff_id}/authority")
ROUND = ("GET", "/api/v1/follow-ups/surprise-delight/{month}")
SELECT = ("POST", "/api/v1/follow-ups/surprise-delight/{month}/selections")
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MAX_BUCKETS = 12


# -- VoC --------------------------------------------------------------------------------------

@blp.get("/voc")
@page(api=VOC)
def voc():
    today = backend.now().astimezone(SEOUL).date()
    start = _day(request.args.get("from"), today - timedelta(days=55))
    end = _day(request.args.get("to"), today)
    error = None
    if start > end:
        start, end, error = end, start, "시작일이 종료일보다 늦어 두 날짜를 바꿔 보여 줍니다."
    buckets = _buckets(start, end + timedelta(days=1))
    totals = backend.voc(_midnight(start), _midnight(end + timedelta(days=1)))
    periods = [(label, backend.voc(a, b)) for label, a, b in buckets]
    return render_template("voc.html", totals=totals, periods=periods, start=start, end=end,
                           error=error, charts=_voc_charts(totals, periods))


def _day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SEOUL)


def _buckets(start: date, end: date) -> list[tuple[str, datetime, datetime]]:
    """Periods of whole days, at most MAX_BUCKETS of them, labelled by their first day."""
    days = (end - start).days
    size = max(7, -(-days // MAX_BUCKETS))
    result, day = [], start
    while day < end:
        last = min(day + timedelta(days=size), end)
        result.append((f"{day:%m/%d}", _midnight(day), _midnight(last)))
        day = last
    return result


def _voc_charts(totals, periods) -> dict:
    labels = [label for label, _ in periods]

    def by(kind: str, key: str) -> list[charts.Series]:
        present = [v for v in LABELS[kind] if any(p[key].get(v) for _, p in periods)]
        return [charts.Series(ko(v, kind), [p[key].get(v, 0) for _, p in periods])
                for v in present]

    def hours(key: str) -> list[float | None]:
        return [None if p[key] is None else p[key] / 3600 for _, p in periods]

    top_hours = max([h for h in hours("median_seconds_to_first_response")
                     + hours("median_seconds_to_close") if h], default=1)
    return {
        "category": charts.bars("유형별 접수 건수", [
            (ko(k, "category"), v) for k, v in sorted(totals["by_category"].items(),
                                                       key=lambda kv: (-kv[1], kv[0]))]),
        "channel": charts.bars("채널별 접수 건수", [
            (ko(k, "channel"), v) for k, v in sorted(totals["by_channel"].items(),
                                                      key=lambda kv: (-kv[1], kv[0]))]),
        "category_over_time": charts.stacked_columns("기간별 접수 추이 (유형)", labels,
                                                     by("category", "by_category")),
        "channel_over_time": charts.stacked_columns("기간별 접수 추이 (채널)", labels,
                                                    by("channel", "by_channel")),
        "rates": charts.lines("응답률 · 첫 접촉 해결률(FCR) · 재오픈율", labels, [
            charts.Series("응답률", [p["response_rate"] for _, p in periods]),
            charts.Series("FCR", [p["first_contact_resolution_rate"] for _, p in periods]),
            charts.Series("재오픈율", [p["reopen_rate"] for _, p in periods]),
        ], top=1.0, fmt=lambda v: f"{v * 100:.0f}%"),
        "times": charts.lines("첫 응답 · 종결까지 걸린 시간 (중앙값, 시간)", labels, [
            charts.Series("첫 응답", hours("median_seconds_to_first_response")),
            charts.Series("종결", hours("median_seconds_to_close")),
        ], top=top_hours, fmt=lambda v: f"{v:.1f}h"),
        "satisfaction": charts.lines("만족도 평균 (0–10)", labels, [
            charts.Series("만족도", [p["mean_satisfaction"] for _, p in periods]),
        ], top=10, fmt=lambda v: f"{v:.1f}"),
    }


# -- the authority ledger -----------------------------------------------------------------------

@blp.get("/authority")
@page(api=LEDGER)
def authority():
    actor = signed_in()
    month = _month(request.args.get("month"), _this_month())
    if actor.role == backend.Role.AGENT:  # as the API: an agent reads only their own ledger
        granted = {actor.id: backend.authority_of(actor.id, month)}
    else:
        granted = backend.authority_ledger(month)
        if backend.admits(actor, "POST", "/api/v1/claims/{claim_id}/decisions"):
            granted.setdefault(actor.id, backend.authority_of(actor.id, month))
    rows = sorted((_ledger_row(staff_id, total, count) for staff_id, (total, count)
                   in granted.items()), key=lambda r: (-r["granted_krw"], r["name"]))
    chart = charts.bars(f"{month} 전결 승인 금액", [(r["name"], r["granted_krw"]) for r in rows],
                        "원")
    return render_template("authority.html", rows=rows, month=month, chart=chart)


def _ledger_row(staff_id: str, total: int, count: int) -> dict:
    try:
        member = backend.staff_member(staff_id)
    except backend.StaffNotFound:
        member = {"id": staff_id, "name": staff_id, "role": "", "authority_limit": 0}
    return {**member, "granted_krw": total, "granted_count": count}


def _this_month() -> str:
    return backend.now().astimezone(SEOUL).strftime("%Y-%m")


def _month(text: str | None, default: str) -> str:
    return text if text and MONTH.match(text) else default


def _last_month() -> str:
    first = backend.now().astimezone(SEOUL).date().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


# -- Surprise & Delight -------------------------------------------------------------------------

@blp.get("/surprise-delight")
@page(api=ROUND)
def surprise_delight():
    return _round_page(_month(request.args.get("month"), _last_month()),
                       done="후보를 선정했습니다." if request.args.get("done") else None)


@blp.post("/surprise-delight/<month>/selections")
@page(api=SELECT)
def select(month: str):
    if not MONTH.match(month):
        return _round_page(_last_month(), status=404)
    data, errors = read(backend.SCHEMAS["selection"], request.form)
    if not errors:
        try:
            backend.select_candidate(signed_in(), month, data)
            return see_other(url_for("dashboards.surprise_delight", month=month, done="1"))
        except backend.RoundNotFound:
            return _round_page(month, status=404)
        except backend.DomainError as error:
            errors, status = ({error.field or "_form": [reason(error.rule, error.message)]},
                              backend.status_of(error))
            return _round_page(month, failed=(request.form.get("claim_id"), errors), status=status)
    return _round_page(month, failed=(request.form.get("claim_id"), errors), status=422)


def _round_page(month: str, *, failed=None, status: int = 200, done: str | None = None):
    actor = signed_in()
    try:
        found = backend.surprise_delight_round(month)
    except backend.RoundNotFound:
        found = None
    chosen = {s.claim_id: s for s in found.selections} if found else {}
    return render_template("surprise_delight.html", month=month, round=found, chosen=chosen,
                           may_select=backend.admits(actor, *SELECT) and not (
                               found and found.provisional), failed=failed,
                           done=done), status
