"""Staff members and their API tokens: who may act, in which role, up to which amount.

Every change to a member (role, authority limit, tokens issued or revoked) is an event on
the aggregate, so it is kept, with who made it and when, for as long as the event store.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from . import rules
from .access import CASEWORK_ROLES
from .errors import InvalidCommand
from .values import Actor, Role

TOKEN_NAMESPACE = uuid5(NAMESPACE_URL, "casemgmt:staff-token")
DECIDING_ROLES = CASEWORK_ROLES  # the roles that give remedies away under a limit


class StaffMember(Aggregate):
    @classmethod
    def register(cls, name: str, role: str, authority_limit: int, *, by: str | None,
                 at: datetime) -> StaffMember:
        chosen = rules.one_of(Role, role, "role")
        limit = _limit_for(chosen, rules.amount(authority_limit, "authority_limit"))
        return cls(name=rules.text(name, "name").strip(), role=chosen.value, authority_limit=limit,
                   by=by, at=at)

    @event("Registered")
    def __init__(self, name: str, role: str, authority_limit: int, by: str | None, at: datetime):
        self.name = name
        self.role = role
        self.authority_limit = authority_limit
        self.registered_at = at
        # Revoking bumps the generation: every token issued under an older one is void.
        self.token_generation = 0
        self.tokens_revoked_at: datetime | None = None

    def as_actor(self) -> Actor:
        return Actor(id=str(self.id), role=Role(self.role), authority_limit=self.authority_limit,
                     name=self.name)

    def change(self, *, role: str | None = None, authority_limit: int | None = None,
               by: str | None, at: datetime) -> None:
        """A new role and/or limit; a role that decides no remedies drops the limit to 0."""
        chosen = rules.one_of(Role, role, "role") if role is not None else Role(self.role)
        if authority_limit is None:
            limit = self.authority_limit if chosen in DECIDING_ROLES else 0
        else:
            limit = _limit_for(chosen, rules.amount(authority_limit, "authority_limit"))
        if chosen.value != self.role:
            self._role_changed(role=chosen.value, by=by, at=at)
        if limit != self.authority_limit:
            self._authority_limit_changed(authority_limit=limit, by=by, at=at)

    @event("RoleChanged")
    def _role_changed(self, role: str, by: str | None, at: datetime) -> None:
        self.role = role

    @event("AuthorityLimitChanged")
    def _authority_limit_changed(self, authority_limit: int, by: str | None, at: datetime) -> None:
        self.authority_limit = authority_limit

    def issue_token(self, token_hash: str, *, expires_at: datetime, by: str | None,
                    at: datetime) -> StaffToken:
        token = StaffToken(token_hash=token_hash, staff_id=str(self.id), by=by, at=at,
                           expires_at=expires_at, generation=self.token_generation)
        self._token_issued(token_id=str(token.id), expires_at=expires_at, by=by, at=at)
        return token

    @event("TokenIssued")
    def _token_issued(self, token_id: str, expires_at: datetime, by: str | None,
                      at: datetime) -> None:
        pass  # the fact is the record; validity lives on the token and the generation

    def revoke_tokens(self, *, by: str | None, at: datetime) -> None:
        self._tokens_revoked(by=by, at=at)

    @event("TokensRevoked")
    def _tokens_revoked(self, by: str | None, at: datetime) -> None:
        self.token_generation += 1
        self.tokens_revoked_at = at


class StaffToken(Aggregate):
    """An API token, found by the hash of its secret; the secret itself is never stored."""

    @staticmethod
    def create_id(token_hash: str, **_: object) -> UUID:
        return uuid5(TOKEN_NAMESPACE, token_hash)

    # expires_at and generation default for tokens issued before tokens expired or were revoked.
    @event("Issued")
    def __init__(self, token_hash: str, staff_id: str, by: str | None, at: datetime,
                 expires_at: datetime | None = None, generation: int = 0):
        self.token_hash = token_hash
        self.staff_id = staff_id
        self.issued_at = at
        self.expires_at = expires_at
        self.generation = generation
        self.revoked_at: datetime | None = None

    def revoke(self, *, by: str | None, at: datetime) -> None:
        if self.revoked_at is None:
            self._revoked(by=by, at=at)

    @event("Revoked")
    def _revoked(self, by: str | None, at: datetime) -> None:
        self.revoked_at = at

    def expiry(self, ttl: timedelta) -> datetime:
        """The earlier of the expiry given at issue and the TTL configured now."""
        by_ttl = self.issued_at + ttl
        return min(self.expires_at, by_ttl) if self.expires_at else by_ttl

    def refusal(self, member: StaffMember, now: datetime, ttl: timedelta) -> str | None:
        """Why this token no longer authenticates `member` ('revoked', 'expired'), or None."""
        if self.revoked_at is not None or self.generation != member.token_generation:
            return "revoked"
        if now >= self.expiry(ttl):
            return "expired"
        return None


def _limit_for(role: Role, limit: int) -> int:
    if limit and role not in DECIDING_ROLES:
        raise InvalidCommand("authority_limit.not_allowed",
                             f"a {role.value} decides no remedies and has no authority limit",
                             "authority_limit")
    return limit
