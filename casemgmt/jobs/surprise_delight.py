"""The monthly Surprise & Delight round, built from the claims closed in that month."""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from casemgmt.application.follow_ups import RoundNotFound
from casemgmt.bootstrap import Services
from casemgmt.domain import deadlines as dl
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.errors import InvalidCommand
from casemgmt.domain.surprise_delight import assess
from casemgmt.domain.values import Actor

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
EXCLUSION_MONTHS = 12


def month_bounds(month: str) -> tuple[datetime, datetime]:
    match = MONTH.match(month or "")
    if not match:
        raise InvalidCommand("month.format", "month must look like 2026-11", "month")
    year, number = int(match[1]), int(match[2])
    start = datetime(year, number, 1, tzinfo=SEOUL)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=SEOUL)
    return start, end


def previous_months(month: str, count: int) -> list[str]:
    year, number = int(month[:4]), int(month[5:])
    months = []
    for _ in range(count):
        year, number = (year - 1, 12) if number == 1 else (year, number - 1)
        months.append(f"{year:04d}-{number:02d}")
    return months


def month_just_ended(now: datetime) -> str:
    local = now.astimezone(SEOUL)
    return previous_months(f"{local.year:04d}-{local.month:02d}", 1)[0]


def missed_deadlines(claim: Any, svc: Services) -> list[str]:
    """Deadlines the claim missed: alerts the clock recorded, and those met only late."""
    missed = set(claim.missed_deadlines)
    due = dl.claim_deadlines(claim, svc.deadline_policy, svc.calendar)
    if claim.first_response_at and claim.first_response_at > due["first_response"]:
        missed.add("first_response")
    if claim.closed_at and claim.closed_at > due["resolution"]:
        missed.add("resolution")
    return sorted(missed)


def surprise_delight(svc: Services, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
    now = svc.casemgmt.clock.now()
    month = params.get("month") or month_just_ended(now)
    start, end = month_bounds(month)
    if end > now:
        # A round is only added to: built early, it would keep a customer's first candidate
        # although a higher-scored claim of theirs may still close this month.
        raise InvalidCommand("month.not_ended", f"{month} has not ended yet", "month")
    svc.projections.catch_up()
    with svc.db.transaction(write=False) as cur:
        # Oldest closure first: on a tie the customer's earlier claim is kept, on any backend.
        cur.execute("SELECT claim_id FROM work_queue WHERE status = 'closed'"
                    " AND closed_at >= %s AND closed_at < %s ORDER BY closed_at, claim_id",
                    (start, end))
        claim_ids = [row[0] for row in cur.fetchall()]
    excluded = recently_chosen(svc, month)
    best: dict[str, tuple] = {}
    for claim_id in claim_ids:
        claim = svc.casemgmt.get_claim(claim_id)
        assessment = assess(claim, missed_deadlines=missed_deadlines(claim, svc))
        if assessment is None or claim.customer.id in excluded:
            continue
        kept = best.get(claim.customer.id)
        if kept is None or assessment.score > kept[1].score:
            best[claim.customer.id] = (claim, assessment)
    ranked = sorted(best.values(), key=lambda pair: (-pair[1].score, pair[0].closed_at, str(pair[0].id)))
    current, added = svc.casemgmt.add_round_candidates(month, ranked, actor)
    return {"month": month, "claims_considered": len(claim_ids), "candidates_added": added,
            "candidates": len(current.candidates), "excluded_customers": len(excluded)}


def recently_chosen(svc: Services, month: str) -> set[str]:
    chosen: set[str] = set()
    for earlier in previous_months(month, EXCLUSION_MONTHS):
        try:
            chosen |= svc.casemgmt.get_round(earlier).selected_customers()
        except RoundNotFound:
            continue
    return chosen
