"""Voice of the customer: the team's KPIs over the claims received in a period."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from statistics import mean, median
from typing import Any

from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sql import parse_time


def voc_statistics(db: Database, start: datetime, end: datetime) -> dict[str, Any]:
    with db.transaction(write=False) as cur:
        cur.execute("SELECT category, channel, status, received_at, first_response_at, closed_at,"
                    " reopen_count, escalated, handler_count, satisfaction_score FROM work_queue"
                    " WHERE received_at >= %s AND received_at < %s", (start, end))
        rows = cur.fetchall()
    total = len(rows)
    by = {"category": Counter(), "channel": Counter(), "status": Counter()}
    to_first, to_close, scores = [], [], []
    responded = escalated = closed = ever_closed = reopened = first_contact = 0
    for category, channel, status, received, first, closed_at, reopens, esc, handlers, score in rows:
        by["category"][category] += 1
        by["channel"][channel] += 1
        by["status"][status] += 1
        received, first, closed_at = parse_time(received), parse_time(first), parse_time(closed_at)
        if first is not None:
            responded += 1
            to_first.append((first - received).total_seconds())
        if closed_at is not None:
            closed += 1
            to_close.append((closed_at - received).total_seconds())
            if not reopens and not esc and handlers <= 1:
                first_contact += 1
        if closed_at is not None or reopens:
            ever_closed += 1
        reopened += 1 if reopens else 0
        escalated += 1 if esc else 0
        if score is not None:
            scores.append(score)
    return {
        "from": start, "to": end, "total": total,
        "by_category": dict(by["category"]), "by_channel": dict(by["channel"]),
        "by_status": dict(by["status"]),
        "response_rate": _ratio(responded, total),
        "median_seconds_to_first_response": median(to_first) if to_first else None,
        "median_seconds_to_close": median(to_close) if to_close else None,
        "first_contact_resolution_rate": _ratio(first_contact, closed),
        "reopen_rate": _ratio(reopened, ever_closed),
        "mean_satisfaction": round(mean(scores), 2) if scores else None,
        "satisfaction_count": len(scores),
        "escalation_rate": _ratio(escalated, total),
    }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
