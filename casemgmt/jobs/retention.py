"""Retention: which claims have outlived their keeping period (전자상거래법 시행령 §6: 3 years).

This job finds them, honouring legal holds (an agency track without an outcome); the
destruction itself (crypto-shredding) belongs to the privacy work and is not done here.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from casemgmt.bootstrap import Services
from casemgmt.domain.values import Actor

KEEP_CLOSED_CLAIMS = timedelta(days=3 * 365 + 1)


def retention(svc: Services, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
    cutoff = svc.casemgmt.clock.now() - KEEP_CLOSED_CLAIMS
    svc.projections.catch_up()
    with svc.db.transaction(write=False) as cur:
        cur.execute("SELECT claim_id FROM work_queue WHERE status = 'closed' AND closed_at < %s",
                    (cutoff,))
        expired = [row[0] for row in cur.fetchall()]
    held = [c for c in expired if any(e.is_open for e in svc.casemgmt.get_claim(c).escalations)]
    due = [c for c in expired if c not in held]
    return {"cutoff": cutoff.isoformat(), "due_for_destruction": due, "on_legal_hold": held,
            "destroyed": 0, "note": "destruction (crypto-shredding) is not implemented yet"}
