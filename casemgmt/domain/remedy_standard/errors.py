"""Errors of the remedy standard: a malformed table, an id not in the tables."""
from __future__ import annotations

from ..errors import UnknownPart


class StandardTableError(Exception):
    """Raised when a table of the remedy standard is malformed; the message names the file and
    the row, so the service refuses to start rather than compute remedies from bad data."""


class NotInStandard(UnknownPart):
    """Raised when an edition, rule or item is not in the tables, or a rule is not in force in
    the edition asked for."""
