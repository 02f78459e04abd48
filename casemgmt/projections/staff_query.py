"""Reading the staff directory: filtered by role and by whether a token still admits them.

Active means: holds at least one token that is not revoked — singly, or by revoking all of
the member's tokens — and not expired, its expiry being the earlier of the one given at issue
and issue + the token lifetime configured now (as authentication decides, domain/staff.py).
casemgmt has no other deactivation: revoking all of a member's tokens is how a departure
is recorded, and leaves them inactive until a new token is issued.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.sql import parse_time

from .keyset import keyset_query

_USABLE_TOKEN = (
    "EXISTS (SELECT 1 FROM staff_tokens t WHERE t.staff_id = s.staff_id"
    " AND t.generation = s.token_generation AND t.revoked_at IS NULL"
    " AND t.issued_at > %s AND (t.expires_at IS NULL OR t.expires_at > %s))")


@dataclass(frozen=True)
class StaffRow:
    id: str
    role: str
    authority_limit: int
    registered_at: datetime
    active: bool


def staff_page(db: Database, *, role: str | None, active: bool | None, now: datetime,
               token_ttl: timedelta, after: tuple[datetime, str] | None,
               limit: int) -> list[StaffRow]:
    """Staff in order of registration, one page (limit rows) after the `after` key."""
    usable = (now - token_ttl, now)
    where, params = [], []
    if role is not None:
        where.append("s.role = %s")
        params.append(role)
    if active is not None:
        where.append(_USABLE_TOKEN if active else f"NOT {_USABLE_TOKEN}")
        params.extend(usable)
    sql, params = keyset_query(
        f"SELECT s.staff_id, s.role, s.authority_limit, s.registered_at, {_USABLE_TOKEN}"
        " FROM staff_directory s", where, [*usable, *params],
        key=("s.registered_at", "s.staff_id"), after=after, limit=limit)
    with db.transaction(write=False) as cur:
        cur.execute(sql, params)
        return [StaffRow(id=staff_id, role=r, authority_limit=int(limit_krw),
                         registered_at=parse_time(registered), active=bool(is_active))
                for staff_id, r, limit_krw, registered, is_active in cur.fetchall()]
