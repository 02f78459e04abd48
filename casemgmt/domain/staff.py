"""Staff members and their API tokens: who may act, in which role, up to which amount."""
from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from . import rules
from .errors import InvalidCommand
from .values import Actor, Role

TOKEN_NAMESPACE = uuid5(NAMESPACE_URL, "casemgmt:staff-token")


class StaffMember(Aggregate):
    @classmethod
    def register(cls, name: str, role: str, authority_limit: int, *, by: str | None,
                 at: datetime) -> StaffMember:
        chosen = rules.one_of(Role, role, "role")
        limit = rules.amount(authority_limit, "authority_limit")
        if limit and chosen not in (Role.AGENT, Role.SUPERVISOR):
            raise InvalidCommand("authority_limit.not_allowed",
                                 f"a {chosen.value} decides no remedies and has no authority limit",
                                 "authority_limit")
        return cls(name=rules.text(name, "name").strip(), role=chosen.value, authority_limit=limit,
                   by=by, at=at)

    @event("Registered")
    def __init__(self, name: str, role: str, authority_limit: int, by: str | None, at: datetime):
        self.name = name
        self.role = role
        self.authority_limit = authority_limit
        self.registered_at = at

    def as_actor(self) -> Actor:
        return Actor(id=str(self.id), role=Role(self.role), authority_limit=self.authority_limit,
                     name=self.name)


class StaffToken(Aggregate):
    """An API token, found by the hash of its secret; the secret itself is never stored."""

    @staticmethod
    def create_id(token_hash: str, **_: object) -> UUID:
        return uuid5(TOKEN_NAMESPACE, token_hash)

    @event("Issued")
    def __init__(self, token_hash: str, staff_id: str, by: str | None, at: datetime):
        self.token_hash = token_hash
        self.staff_id = staff_id
        self.issued_at = at
