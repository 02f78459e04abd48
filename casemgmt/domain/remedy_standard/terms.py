"""Named amounts that formulas compute with, and the rounding rule: whole won, against the grant.

The standard sets no rounding and the won has no smaller unit in payment, so a rule is needed.
Every money step of a formula is rounded to a whole won, and the next step uses the rounded
figure, so anyone can redo the sum from the numbers the explanation shows. Amounts granted
(a share, a compensation, an add-on) are rounded down; amounts deducted from a grant
(depreciation, a cancellation charge kept from a refund) are rounded up. Either way the
standard amount never exceeds the exact figure, by less than a won: only the deviation above
the standard counts against a staff member's authority, so a baseline rounded up would hide
part of a deviation.
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
    """amount × percent / 100, rounded down to the won: an amount granted."""
    return amount * percent // 100


def share_up(amount: int, percent: int) -> int:
    """amount × percent / 100, rounded up to the won: an amount deducted from a grant."""
    return -(-amount * percent // 100)


def ratio(amount: int, numerator: int, denominator: int) -> int:
    """amount × numerator / denominator, rounded down to the won: an amount granted."""
    return amount * numerator // denominator


def ratio_up(amount: int, numerator: int, denominator: int) -> int:
    """amount × numerator / denominator, rounded up to the won: an amount deducted."""
    return -(-amount * numerator // denominator)
