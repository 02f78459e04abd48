"""Named amounts that formulas compute with, and the rounding rule: down to the won.

Rounding: every money step of a formula is rounded down to the whole won, and the next step
uses the rounded figure. The standard sets no rounding and the won has no smaller unit in
payment, so a rule is needed. Rounding down keeps the standard amount from ever exceeding what
the standard grants (only the deviation above it counts against a staff member's authority,
so a baseline rounded up would hide up to a won of deviation per step), and using the rounded
figure in the next step means anyone can redo the sum from the numbers the explanation shows.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """An input as a formula sees it: its Korean label, its whole value and its unit (원, 일…)."""

    label: str
    value: int
    unit: str = "원"

    def __str__(self) -> str:
        return f"{self.label} {quantity(self.value, self.unit)}"


@dataclass(frozen=True)
class Outcome:
    """What a formula gives: whole won (None when the remedy is not an amount) and why."""

    amount_krw: int | None
    explanation_ko: str


def quantity(value: int, unit: str = "원") -> str:
    return f"{value:,}{unit}"


def won(value: int) -> str:
    return quantity(value, "원")


def share(amount: int, percent: int) -> int:
    """amount × percent / 100, rounded down to the won."""
    return amount * percent // 100


def ratio(amount: int, numerator: int, denominator: int) -> int:
    """amount × numerator / denominator, rounded down to the won."""
    return amount * numerator // denominator
