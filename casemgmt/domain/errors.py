"""Domain errors: each names the rule that refused the command."""
from __future__ import annotations


class DomainError(Exception):
    """Raised when a command breaks a rule of the claim; `rule` is a stable code."""

    def __init__(self, rule: str, message: str, field: str | None = None):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.field = field


class InvalidCommand(DomainError):
    """Raised when a well-formed command carries values the rules do not accept."""


class StateConflict(DomainError):
    """Raised when the claim's current state forbids the command (e.g. closing it twice)."""


class NotPermitted(DomainError):
    """Raised when the acting staff member's role, assignment or authority forbids the command."""


class UnknownPart(DomainError):
    """Raised when a command names a fact check, decision or escalation the claim does not have."""
