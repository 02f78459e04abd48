"""Retention: destroy a claim's personal data once its keeping period is over.

전자상거래법 시행령 §6 keeps consumer complaint and dispute records 3 years; PIPA §21 then
wants them destroyed without delay. A claim still on an agency track (no outcome yet) is
on legal hold and kept. Expired idempotency records are purged here too.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from casemgmt.bootstrap import Services
from casemgmt.domain.deadlines import statutory_period_end
from casemgmt.domain.values import Actor
from casemgmt.privacy import destroy_claim_data


def keeping_ends(closed_at: datetime, svc: Services) -> datetime:
    """The end of the keeping period, counted as the Civil Act counts periods (민법 제157조:
    from the day after closure; 제159조: to the end of the last day; 제161조: a last day on
    a holiday moves on) — destroying a day late is a fault, destroying a day early is worse."""
    return statutory_period_end(closed_at, svc.settings.retention_days, svc.calendar)


def retention(svc: Services, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
    keep = timedelta(days=svc.settings.retention_days)
    cutoff = svc.casemgmt.clock.now() - keep
    svc.projections.catch_up()
    with svc.db.transaction(write=False) as cur:
        cur.execute("SELECT claim_id FROM work_queue WHERE status = 'closed' AND closed_at < %s",
                    (cutoff,))
        expired = [row[0] for row in cur.fetchall()]
    held, destroyed = [], []
    now = svc.casemgmt.clock.now()
    for claim_id in expired:
        claim = svc.casemgmt.get_claim(claim_id)
        if any(e.is_open for e in claim.escalations):
            held.append(claim_id)
        elif claim.closed_at is None or now <= keeping_ends(claim.closed_at, svc):
            continue  # reopened since the view saw it, or its last day has not ended yet
        elif destroy_claim_data(svc, claim_id):
            destroyed.append(claim_id)
    return {"cutoff": cutoff.isoformat(), "destroyed": destroyed, "on_legal_hold": held,
            "idempotency_records_expired": svc.idempotency.expire()}
