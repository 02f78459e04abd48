"""Staff registry use cases: registering staff, issuing tokens, authenticating requests."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from casemgmt.domain.staff import StaffMember, StaffToken
from casemgmt.domain.values import Actor

from .base import CaseApplication
from .errors import StaffNotFound, Unauthenticated

TOKEN_PREFIX = "cm_"  # makes leaked tokens easy to find with secret scanners


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast unsalted hash cannot be brute-forced.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class StaffUseCases(CaseApplication):
    def add_staff(self, name: str, role: str, authority_limit: int = 0, *,
                  by: Actor | None = None) -> tuple[StaffMember, str]:
        """Register a staff member and issue their first token; returns the secret once."""
        now = self.clock.now()
        member = StaffMember.register(name, role, authority_limit, by=by.id if by else None, at=now)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        issued = StaffToken(token_hash=hash_token(token), staff_id=str(member.id),
                            by=by.id if by else None, at=now)
        self.save_atomically(member, issued)
        return member, token

    def authenticate(self, token: str | None) -> Actor:
        if not token:
            raise Unauthenticated("no bearer token")
        token_hash = hash_token(token)
        try:
            issued = self.repository.get(StaffToken.create_id(token_hash))
        except AggregateNotFoundError:
            raise Unauthenticated("unknown token") from None
        if not isinstance(issued, StaffToken) or not hmac.compare_digest(issued.token_hash, token_hash):
            raise Unauthenticated("unknown token")
        return self.staff_actor(issued.staff_id)

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
