"""The claims export for VoC sharing: one row per claim with customers masked, page by page.

Pages are read by key (received_at, claim id), each in its own short transaction, so a year
of claims streams through in constant memory and no read holds a snapshot open for minutes.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Iterator

from casemgmt.domain.masking import mask_email, mask_name, mask_phone
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sealing import ERASED, Sealer
from . import customer_query as query

PAGE = 500
COLUMNS = (
    "claim_id", "customer_id", "order_id", "channel", "category", "status", "resolution",
    "received_at", "first_response_at", "closed_at", "first_response_minutes",
    "resolution_minutes", "decisions", "approved_krw", "satisfaction_score",
    "customer_name", "customer_phone", "customer_email",
)


def export_pages(db: Database, sealer: Sealer, *, start: datetime | None, end: datetime | None,
                 page_size: int = PAGE) -> Iterator[list[dict[str, Any]]]:
    """Claims received in [start, end), oldest first, `page_size` rows at a time."""
    after = None
    while True:
        rows = query.received_page(db, start=start, end=end, after=after, limit=page_size)
        if not rows:
            return
        claim_ids = [r["claim_id"] for r in rows]
        sealer.keys.prefetch(claim_ids)
        decisions = query.decisions_of_claims(db, claim_ids)
        yield [_row(r, decisions.get(r["claim_id"], []), sealer) for r in rows]
        if len(rows) < page_size:
            return
        after = (rows[-1]["received_at"], rows[-1]["claim_id"])


def _row(claim: dict[str, Any], decisions: list[dict[str, Any]], sealer: Sealer) -> dict:
    claim_id = claim["claim_id"]

    def opened(column: str, like: Any) -> Any:
        value = sealer.unseal(claim_id, claim[column], like=like)
        return None if value == ERASED and like is None else value

    return dict(
        claim_id=claim_id, customer_id=claim["customer_id"], order_id=opened("order_id", None),
        channel=claim["channel"], category=claim["category"], status=claim["status"],
        resolution=claim["resolution"], received_at=claim["received_at"],
        first_response_at=claim["first_response_at"], closed_at=claim["closed_at"],
        first_response_minutes=_minutes(claim["received_at"], claim["first_response_at"]),
        resolution_minutes=_minutes(claim["received_at"], claim["closed_at"]),
        decisions="; ".join(f"{d['remedy']} {d['amount_krw']} {d['status']}" for d in decisions),
        approved_krw=sum(d["amount_krw"] for d in decisions if d["status"] == "approved"),
        satisfaction_score=claim["satisfaction_score"],
        customer_name=_masked(mask_name, opened("customer_name", "")),
        customer_phone=mask_phone(opened("customer_phone", None)),
        customer_email=mask_email(opened("customer_email", None)),
    )


def _masked(mask, value: str) -> str:
    return value if value == ERASED else mask(value)


def _minutes(start: datetime, end: datetime | None) -> int | None:
    """Wall-clock minutes (not business hours), rounded down."""
    return None if end is None else int((end - start).total_seconds() // 60)
