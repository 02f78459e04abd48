"""The auditor's history: the hash-chained events with the chain check said plainly, and the
claim as it stood at a version or a moment (an as-of slider), read-only for every role."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, render_template, request

from casemgmt.domain.calendar import SEOUL

from . import backend
from .access import page
from .claim_pages import deadlines_of

blp = Blueprint("history", __name__)
HISTORY = ("GET", "/api/v1/claims/{claim_id}/history")


@blp.get("/claims/<claim_id>/history")
@page(api=HISTORY)
def show(claim_id: str):
    trail = backend.history(claim_id)
    latest = trail.events[-1].version
    version, moment, error = _asked(request.args, latest)
    if error:
        version, moment = latest, None
    try:
        shown = backend.claim_at(claim_id, version=version, as_of=moment)
    except backend.ClaimNotFound:  # asked for a moment before it was filed
        error = "그 시각에는 아직 접수되지 않은 클레임입니다. 최신 상태를 보여 줍니다."
        version, moment = latest, None
        shown = backend.claim_at(claim_id, version=latest)
    detail = backend.claim_detail(shown)
    return render_template("history.html", trail=trail, latest=latest, claim=detail,
                           at_version=shown.version, moment=moment, error=error,
                           deadlines=deadlines_of(detail)), 422 if error else 200


def _asked(args, latest: int) -> tuple[int | None, datetime | None, str | None]:
    """?version=N or ?as_of=<Seoul local time>; without either, the claim now."""
    if args.get("as_of") and args.get("mode") != "version":
        try:
            moment = datetime.fromisoformat(args["as_of"])
        except ValueError:
            return None, None, "시각을 YYYY-MM-DD HH:MM 형식으로 입력하세요."
        return None, moment if moment.tzinfo else moment.replace(tzinfo=SEOUL), None
    raw = args.get("version", "")
    if not raw:
        return latest, None, None
    if not raw.isdigit() or not 1 <= int(raw) <= latest:
        return None, None, f"버전은 1부터 {latest}까지입니다."
    return int(raw), None, None
