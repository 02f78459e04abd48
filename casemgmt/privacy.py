"""Destroying personal data (PIPA): erase a customer on request, or a claim past retention.

Destroying a claim's key makes its personal fields unreadable everywhere they are sealed
(events, snapshots, work-queue rows); what is derived from them and kept in clear only as
a cache is dropped or rewritten here. Ids, categories, amounts and times stay, so claims
still load, statistics still count them and the audit chain (over stored bytes) verifies.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from casemgmt.bootstrap import Services
from casemgmt.domain.values import Actor
from casemgmt.projections import customer_index


def erase_customer(svc: Services, customer_id: str, reason: str, by: Actor) -> dict[str, Any]:
    claims = svc.casemgmt.keys.destroy_customer(customer_id)
    _after_destruction(svc, claims)
    erased_at = datetime.now(timezone.utc)
    with svc.db.transaction() as cur:
        cur.execute("INSERT INTO erasures (customer_id, claims, reason, requested_by, erased_at)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    (customer_id, len(claims), reason, by.id, erased_at.isoformat()))
    return {"customer_id": customer_id, "claims_erased": len(claims), "erased_at": erased_at}


def destroy_claim_data(svc: Services, claim_id: str) -> bool:
    destroyed = svc.casemgmt.keys.destroy_claim(claim_id)
    if destroyed:
        _after_destruction(svc, [claim_id])
    return destroyed


def _after_destruction(svc: Services, claim_ids: list[str]) -> None:
    if not claim_ids:
        return
    app = svc.casemgmt
    app.delete_snapshots(claim_ids)  # sealed whole; without the key they would not open
    svc.idempotency.forget_claims(claim_ids)
    svc.projections.forget(claim_ids)
    view = next(v for v in svc.projections.views if v.name == "work_queue")
    rows = [view.row(app.get_claim(claim_id)) for claim_id in claim_ids]
    with svc.db.transaction() as cur:
        view.upsert(cur, rows)
        customer_index.forget(cur, claim_ids)  # the blind index finds them no more
