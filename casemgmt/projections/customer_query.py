"""Reading customers: by blind-index digest, a customer's claims and decisions, export pages."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Sequence

from casemgmt.domain.calendar import SEOUL
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sql import Cursor, parse_time

from .customers import CLAIM_COLUMNS, DECISION_COLUMNS
from .keyset import RECEIVED, keyset_query

TIMES = ("received_at", "filed_at", "first_response_at", "closed_at", "proposed_at", "decided_at")


def customers_matching(cur: Cursor, field: str, digest: bytes, *, offset: int,
                       limit: int) -> tuple[list[str], list[dict[str, Any]]]:
    """Customer ids with a claim whose `field` hashes to `digest`, in id order (one page of
    `limit`), and all their claims, newest received first — in one statement."""
    cur.execute("WITH found AS (SELECT DISTINCT customer_id FROM customer_index"
                " WHERE field = %s AND digest = %s ORDER BY customer_id LIMIT %s OFFSET %s)"
                f" SELECT {', '.join('c.' + c for c in CLAIM_COLUMNS)} FROM found"
                " JOIN customer_claims c ON c.customer_id = found.customer_id"
                " ORDER BY c.customer_id, c.received_at DESC, c.filed_at DESC, c.claim_id DESC",
                (field, digest, limit, offset))
    rows = [_typed(dict(zip(CLAIM_COLUMNS, row))) for row in cur.fetchall()]
    return list(dict.fromkeys(row["customer_id"] for row in rows)), rows


def claims_of(db: Database, customer_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Every claim row of these customers, newest received first."""
    if not customer_ids:
        return []
    with db.transaction(write=False) as cur:
        cur.execute(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM customer_claims"
                    f" WHERE customer_id IN ({', '.join(['%s'] * len(customer_ids))})"
                    " ORDER BY received_at DESC, filed_at DESC, claim_id DESC", list(customer_ids))
        return [_typed(dict(zip(CLAIM_COLUMNS, row))) for row in cur.fetchall()]


def decisions_of_customer(db: Database, customer_id: str) -> list[dict[str, Any]]:
    with db.transaction(write=False) as cur:
        cur.execute(f"SELECT {', '.join(DECISION_COLUMNS)} FROM customer_concessions"
                    " WHERE customer_id = %s ORDER BY proposed_at, claim_id, decision_id",
                    (customer_id,))
        return [_typed(dict(zip(DECISION_COLUMNS, row))) for row in cur.fetchall()]


def decisions_of_claims(db: Database, claim_ids: Sequence[str]) -> dict[str, list[dict]]:
    if not claim_ids:
        return {}
    with db.transaction(write=False) as cur:
        cur.execute(f"SELECT {', '.join(DECISION_COLUMNS)} FROM customer_concessions"
                    f" WHERE claim_id IN ({', '.join(['%s'] * len(claim_ids))})"
                    " ORDER BY claim_id, proposed_at, decision_id", list(claim_ids))
        found: dict[str, list[dict]] = {}
        for row in cur.fetchall():
            values = _typed(dict(zip(DECISION_COLUMNS, row)))
            found.setdefault(values["claim_id"], []).append(values)
        return found


def received_page(db: Database, *, start: datetime | None, end: datetime | None,
                  after: tuple[datetime, str] | None, limit: int) -> list[dict[str, Any]]:
    """Claims received in [start, end), in (received_at, claim_id) order, after a key."""
    where, params = [], []
    if start is not None:
        where.append("received_at >= %s")
        params.append(start)
    if end is not None:
        where.append("received_at < %s")
        params.append(end)
    sql, params = keyset_query(f"SELECT {', '.join(CLAIM_COLUMNS)} FROM customer_claims",
                               where, params, key=RECEIVED, after=after, limit=limit)
    with db.transaction(write=False) as cur:
        cur.execute(sql, params)
        return [_typed(dict(zip(CLAIM_COLUMNS, row))) for row in cur.fetchall()]


def newest_claims(db: Database, customer_ids: Sequence[str]) -> dict[str, str]:
    """customer id → their most recently received claim's id."""
    newest: dict[str, str] = {}
    for row in claims_of(db, customer_ids):
        newest.setdefault(row["customer_id"], row["claim_id"])
    return newest


def is_erased(db: Database, customer_id: str) -> bool:
    """Erased and not back since: an erasure on record and no claim whose key still lives."""
    with db.transaction(write=False) as cur:
        cur.execute("SELECT 1 FROM erasures WHERE customer_id = %s", (customer_id,))
        if cur.fetchone() is None:
            return False
        cur.execute("SELECT 1 FROM data_keys WHERE customer_id = %s AND wrapped_key IS NOT NULL",
                    (customer_id,))
        return cur.fetchone() is None


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    for name in TIMES:
        if name in values:
            moment = parse_time(values[name])
            values[name] = moment.astimezone(SEOUL) if moment else None
    return values
