"""Retention: destroy a claim's personal data once its keeping period is over.

전자상거래법 시행령 §6 keeps consumer complaint and dispute records 3 years; PIPA §21 then
wants them destroyed without delay. A claim still on an agency track (no outcome yet) is
on legal hold and kept. Expired idempotency records are purged here too.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from casemgmt.bootstrap import Services
from casemgmt.domain.values import Actor
from casemgmt.privacy import destroy_claim_data


def retention(svc: Services, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
    keep = timedelta(days=svc.settings.retention_days)
    cutoff = svc.casemgmt.clock.now() - keep
    svc.projections.catch_up()
    with svc.db.transaction(write=False) as cur:
        cur.execute("SELECT claim_id FROM work_queue WHERE status = 'closed' AND closed_at < %s",
                    (cutoff,))
        expired = [row[0] for row in cur.fetchall()]
    held, destroyed = [], []
    for claim_id in expired:
        claim = svc.casemgmt.get_claim(claim_id)
        if any(e.is_open for e in claim.escalations):
            held.append(claim_id)
        elif claim.closed_at is None or claim.closed_at >= cutoff:
            continue  # reopened (or closed again) since the view saw it: not expired after all
        elif destroy_claim_data(svc, claim_id):
            destroyed.append(claim_id)
    return {"cutoff": cutoff.isoformat(), "destroyed": destroyed, "on_legal_hold": held,
            "idempotency_records_expired": svc.idempotency.expire()}
