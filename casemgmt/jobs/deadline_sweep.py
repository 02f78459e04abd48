"""Deadline sweep: one alert event per missed (or, for agency clocks, approaching) deadline."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from casemgmt.bootstrap import Services
from casemgmt.domain import deadlines as dl
from casemgmt.domain.alerts import AGENCY_CLOCKS, APPROACHING, OVERDUE, event_name
from casemgmt.domain.values import Actor

AGENCY_WARNING = timedelta(days=3)  # the team wants three days to prepare an agency reply


def deadline_sweep(svc: Services, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
    now = svc.casemgmt.clock.now()
    svc.projections.catch_up()
    recorded, checked = [], 0
    for claim_id in claims_due_before(svc, now + AGENCY_WARNING):
        checked += 1
        claim = svc.casemgmt.get_claim(claim_id)
        for kind, deadline, due in alerts_for(claim, now, svc):
            if svc.casemgmt.record_deadline_alert(actor, claim_id, kind, deadline, due):
                recorded.append({"claim_id": claim_id, "event": event_name(kind, deadline),
                                 "deadline": deadline, "due_at": due.isoformat()})
    return {"checked": checked, "recorded": recorded}


def alerts_for(claim: Any, now: datetime, svc: Services) -> list[tuple[str, str, datetime]]:
    found = []
    for deadline, due in dl.pending_deadlines(claim, svc.deadline_policy, svc.calendar):
        if now > due:
            found.append((OVERDUE, deadline, due))
        elif deadline.split(":", 1)[0] in AGENCY_CLOCKS and due - now <= AGENCY_WARNING:
            found.append((APPROACHING, deadline, due))
    return found


def claims_due_before(svc: Services, moment: datetime) -> list[str]:
    with svc.db.transaction(write=False) as cur:
        cur.execute("SELECT claim_id FROM work_queue WHERE next_due_at < %s ORDER BY next_due_at",
                    (moment,))
        return [row[0] for row in cur.fetchall()]
