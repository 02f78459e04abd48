"""Small checks shared by the claim's commands; each failure names its rule and field."""
from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from .errors import InvalidCommand

E = TypeVar("E", bound=StrEnum)

# Clocks of phones, PCs and agencies drift; a few minutes ahead is not a lie about the future.
CLOCK_SKEW = timedelta(minutes=5)


def one_of(enum: type[E], value: object, field: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise InvalidCommand(f"{field}.unknown", f"{field} must be one of: {allowed}", field) from None


def text(value: object, field: str, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidCommand(f"{field}.required", f"{field} must not be blank", field)
    return value


def aware(value: datetime | None, field: str, *, optional: bool = False) -> datetime | None:
    if value is None and optional:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidCommand(f"{field}.offset", f"{field} must be a time with a UTC offset", field)
    return value


def not_after(value: datetime, now: datetime, field: str) -> datetime:
    if value > now + CLOCK_SKEW:
        raise InvalidCommand(f"{field}.future", f"{field} must not be in the future", field)
    return value


def amount(value: object, field: str = "amount_krw") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidCommand(f"{field}.invalid", f"{field} must be a whole number of won, 0 or more", field)
    return value
