"""What the application needs from the outside, as protocols; infrastructure implements them.

Also the one piece of request state the application takes part in: the write context, the
rows an edge (HTTP, CLI) wants stored in the same transaction as a command's events.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Protocol, Sequence


@dataclass(frozen=True)
class Statement:
    """One SQL statement (``%s`` placeholders) to run inside another transaction.

    With `expect_row`, the statement must return a row (``... RETURNING``); if it returns
    none, `refusal()` is raised and the whole transaction, events included, rolls back.
    """

    sql: str
    params: Sequence[Any] = ()
    many: bool = False
    expect_row: bool = False
    refusal: Callable[[], Exception] | None = None
    # the database itself may refuse it (a unique key taken): it runs after the events'
    # own statements (see infrastructure/event_store.py)
    may_fail: bool = False


class WriteContext(Protocol):
    """What an edge adds to the transaction that stores a command's events."""

    def before(self, saved: Sequence[Any]) -> list[Statement]:
        """Statements to run with the events (given the aggregates being saved)."""

    def committed(self, positions: Sequence[int]) -> None:
        """The transaction committed; these are the positions of the events."""


current_write: ContextVar[WriteContext | None] = ContextVar("current_write", default=None)


# -- Idempotency-Key records ---------------------------------------------------------------

@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str
    headers: dict[str, str]


class KeyReused(Exception):
    """Raised when an Idempotency-Key comes back with a different request."""


class KeyErased(Exception):
    """Raised when the first response to this key was dropped by an erasure."""


class KeyTaken(Exception):
    """Raised inside a write when another request with the same key committed first."""


class IdempotencyStore(Protocol):
    def find(self, actor_id: str, key: str, fingerprint: str) -> StoredResponse | None:
        """The first response to this key, or None when no request with it has committed."""

    def record(self, actor_id: str, key: str, fingerprint: str, response: StoredResponse,
               claim_id: str | None) -> Statement:
        """The statement that stores the first response; refused if the key is taken."""

    def forget_claims(self, claim_ids: list[str]) -> None: ...

    def expire(self) -> int: ...


# -- the PII access log --------------------------------------------------------------------

@dataclass(frozen=True)
class Access:
    """One staff member shown (or refused) one claim's personal data in one response."""

    accessed_at: datetime
    staff_id: str
    staff_role: str
    method: str
    endpoint: str
    claim_id: str
    customer_id: str | None
    request_id: str
    client_ip: str | None = None
    outcome: str = "shown"


@dataclass(frozen=True)
class AccessQuery:
    customer_id: str | None = None
    staff_id: str | None = None
    start: datetime | None = None   # inclusive
    end: datetime | None = None     # exclusive
    after_id: int = 0


class AccessLog(Protocol):
    def rows(self, accesses: Sequence[Access]) -> Statement: ...

    def append(self, accesses: Sequence[Access]) -> None: ...

    def page(self, query: AccessQuery, limit: int) -> list[dict[str, Any]]: ...


# -- data keys -----------------------------------------------------------------------------

class DataKeys(Protocol):
    """Per-claim keys; destroying them destroys the claim's personal data."""

    def destroy_claim(self, claim_id: str) -> bool: ...

    def destroy_customer(self, customer_id: str) -> list[str]: ...

    def prefetch(self, claim_ids: list[str], *, stale_only: bool = False) -> None: ...

    def customers_of(self, claim_ids: list[str]) -> dict[str, str]: ...


class Sealer(Protocol):
    def unseal(self, claim_id: str, value: Any, *, like: Any = "") -> Any: ...


# -- browser sessions of the workspace ------------------------------------------------------

@dataclass(frozen=True)
class WebSession:
    """A signed-in browser, found by the hash of its cookie's id; never the id or the token."""

    id_hash: str
    staff_id: str
    token_hash: str
    csrf_token: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime


def positions_of(recordings: Iterable[Any]) -> list[int]:
    """The notification ids the library gave a save's events (None on recorders without)."""
    return [r.notification.id for r in recordings if r.notification.id is not None]
