"""Staff registry use cases: registering staff, issuing and revoking tokens, authenticating."""
from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from casemgmt.domain.staff import StaffMember, StaffToken
from casemgmt.domain.values import Actor

from .base import CaseApplication
from .errors import StaffNotFound, TokenExpired, Unauthenticated

TOKEN_PREFIX = "cm_"  # makes leaked tokens easy to find with secret scanners
# A token's staff member is remembered this long: a revocation or role change made by
# another process (the CLI, another worker) takes effect within it; in this process, at once.
AUTH_CACHE_SECONDS = 5.0


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast unsalted hash cannot be brute-forced.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class AuthCache:
    """token hash → (actor, the token's expiry, when remembered); small and short-lived."""

    def __init__(self, seconds: float = AUTH_CACHE_SECONDS, size: int = 10_000):
        self.seconds = seconds
        self.size = size
        self._entries: dict[str, tuple[Actor, datetime, float]] = {}
        self._lock = threading.Lock()

    def get(self, token_hash: str, now: datetime) -> Actor | None:
        with self._lock:
            entry = self._entries.get(token_hash)
        if entry is None or time.monotonic() - entry[2] > self.seconds or now >= entry[1]:
            return None
        return entry[0]

    def put(self, token_hash: str, actor: Actor, expires_at: datetime) -> None:
        with self._lock:
            if len(self._entries) >= self.size:
                self._entries.clear()
            self._entries[token_hash] = (actor, expires_at, time.monotonic())

    def forget_staff(self, staff_id: str) -> None:
        with self._lock:
            for key in [k for k, (actor, _, _) in self._entries.items() if actor.id == staff_id]:
                del self._entries[key]

    def forget_token(self, token_hash: str) -> None:
        with self._lock:
            self._entries.pop(token_hash, None)


class StaffUseCases(CaseApplication):
    auth_cache: AuthCache

    @property
    def token_ttl(self) -> timedelta:
        return timedelta(days=self.settings.token_ttl_days)

    def add_staff(self, name: str, role: str, authority_limit: int = 0, *,
                  by: Actor | None = None) -> tuple[StaffMember, str]:
        """Register a staff member and issue their first token; returns the secret once."""
        now = self.clock.now()
        member = StaffMember.register(name, role, authority_limit, by=_id(by), at=now)
        token = new_token()
        issued = member.issue_token(hash_token(token), expires_at=now + self.token_ttl,
                                    by=_id(by), at=now)
        self.save_atomically(member, issued)
        return member, token

    def issue_token(self, staff_id: str, *, by: Actor | None = None) -> tuple[str, datetime]:
        """A new token for a member (their others stay valid); returns the secret once."""
        member = self.get_staff(staff_id)
        now = self.clock.now()
        token = new_token()
        issued = member.issue_token(hash_token(token), expires_at=now + self.token_ttl,
                                    by=_id(by), at=now)
        self.save_atomically(member, issued)
        return token, issued.expires_at

    def revoke_tokens_of(self, staff_id: str, *, by: Actor | None = None) -> StaffMember:
        """Void every token the member holds now; tokens issued later work again."""
        member = self.get_staff(staff_id)
        member.revoke_tokens(by=_id(by), at=self.clock.now())
        self.save_atomically(member)
        self.auth_cache.forget_staff(str(member.id))
        return member

    def revoke_token(self, token: str, *, by: Actor | None = None) -> StaffToken:
        """Void one token, given its secret (what a leak report or a lost laptop gives you)."""
        issued = self._issued_token(token)
        issued.revoke(by=_id(by), at=self.clock.now())
        self.save_atomically(issued)
        self.auth_cache.forget_token(issued.token_hash)
        return issued

    def change_staff(self, staff_id: str, *, role: str | None = None,
                     authority_limit: int | None = None, by: Actor | None = None) -> StaffMember:
        member = self.get_staff(staff_id)
        member.change(role=role, authority_limit=authority_limit, by=_id(by), at=self.clock.now())
        self.save_atomically(member)
        self.auth_cache.forget_staff(str(member.id))
        return member

    def authenticate(self, token: str | None) -> Actor:
        if not token:
            raise Unauthenticated("no bearer token")
        return self.authenticate_token_hash(hash_token(token))

    def authenticate_token_hash(self, token_hash: str) -> Actor:
        """As `authenticate`, given only the token's hash: what a browser session keeps, so that
        a revoked or expired token ends the session without the secret being stored. From a
        short cache (AUTH_CACHE_SECONDS)."""
        now = self.clock.now()
        cached = self.auth_cache.get(token_hash, now)
        if cached is not None:
            return cached
        issued = self._issued_by_hash(token_hash)
        try:
            member = self.get_staff(issued.staff_id)
        except StaffNotFound:
            raise Unauthenticated("token of no staff member") from None
        refusal = issued.refusal(member, now, self.token_ttl)
        if refusal == "expired":
            raise TokenExpired("expired token")
        if refusal is not None:
            raise Unauthenticated(f"{refusal} token")
        actor = member.as_actor()
        self.auth_cache.put(issued.token_hash, actor, issued.expiry(self.token_ttl))
        return actor

    def _issued_token(self, token: str | None) -> StaffToken:
        if not token:
            raise Unauthenticated("no bearer token")
        return self._issued_by_hash(hash_token(token))

    def _issued_by_hash(self, token_hash: str) -> StaffToken:
        try:
            issued = self.repository.get(StaffToken.create_id(token_hash))
        except AggregateNotFoundError:
            raise Unauthenticated("unknown token") from None
        # The lookup is by a hash of the secret; comparing in constant time keeps the final
        # check from leaking, through timing, how much of a guessed hash matched.
        if not isinstance(issued, StaffToken) or not hmac.compare_digest(issued.token_hash,
                                                                          token_hash):
            raise Unauthenticated("unknown token")
        return issued

    def staff_actor(self, staff_id: str) -> Actor:
        return self.get_staff(staff_id).as_actor()

    def get_staff(self, staff_id: str) -> StaffMember:
        try:
            member = self.repository.get(UUID(str(staff_id)))
        except (AggregateNotFoundError, ValueError):
            raise StaffNotFound(str(staff_id)) from None
        if not isinstance(member, StaffMember):
            raise StaffNotFound(str(staff_id))
        return member


def _id(actor: Actor | None) -> str | None:
    return actor.id if actor else None
