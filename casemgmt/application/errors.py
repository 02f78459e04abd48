"""Errors of the application layer: what went wrong outside the claim's own rules."""
from __future__ import annotations


class ApplicationError(Exception):
    """Base class of the errors that callers translate (HTTP, CLI)."""


class ClaimNotFound(ApplicationError):
    """Raised when no claim has the given id (or it did not exist at the asked moment)."""


class StaffNotFound(ApplicationError):
    """Raised when no staff member has the given id."""


class Unauthenticated(ApplicationError):
    """Raised when a token is missing, unknown, expired or revoked."""


class TokenExpired(Unauthenticated):
    """Raised when a token was valid but is past its expiry; its owner needs a new one."""


class StaleVersion(ApplicationError):
    """Raised when the caller's expected version is not the claim's current one; nothing is written."""

    def __init__(self, expected: int, actual: int | None):
        super().__init__(f"the claim is at version {actual}, not {expected}")
        self.expected = expected
        self.actual = actual


class ConcurrentWrite(ApplicationError):
    """Raised when another writer changed the claim between our read and our write; retry."""
