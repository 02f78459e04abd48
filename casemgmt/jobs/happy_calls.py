"""Happy calls (해피콜): closed claims whose customer is owed a satisfaction call."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from casemgmt.bootstrap import Services
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.values import Actor
from casemgmt.infrastructure.database import parse_time

HAPPY_CALL_AFTER = timedelta(days=3)  # long enough for the remedy to arrive


def owed_happy_calls(svc: Services, due_before: datetime, *, limit: int = 500,
                     after: str | None = None) -> list[dict[str, Any]]:
    """Claims closed at least HAPPY_CALL_AFTER before `due_before` with no satisfaction yet."""
    sql = ("SELECT claim_id, customer_id, customer_name, customer_phone, assignee, closed_at"
           " FROM work_queue WHERE status = 'closed' AND satisfaction_score IS NULL"
           " AND closed_at <= %s" + (" AND claim_id > %s" if after else "")
           + " ORDER BY claim_id LIMIT %s")
    params = [due_before - HAPPY_CALL_AFTER] + ([after] if after else []) + [limit]
    svc.projections.catch_up()
    with svc.db.transaction(write=False) as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    calls = []
    for claim_id, customer_id, name, phone, assignee, closed_at in rows:
        closed = parse_time(closed_at).astimezone(SEOUL)
        unseal = svc.casemgmt.sealer.unseal
        calls.append(dict(claim_id=claim_id, customer_id=customer_id,
                          customer_name=unseal(claim_id, name),
                          customer_phone=unseal(claim_id, phone, like=None), assignee=assignee,
                          closed_at=closed,
                          call_due_at=closed + HAPPY_CALL_AFTER))
    return calls


def happy_calls(svc: Services, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
    calls = owed_happy_calls(svc, svc.casemgmt.clock.now())
    return {"owed": len(calls), "claims": [c["claim_id"] for c in calls]}
