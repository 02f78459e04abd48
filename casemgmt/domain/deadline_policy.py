"""The deadline policy: every length the deadline rules use, in one value that can change.

The rules themselves (what is counted from what, and the legal sources) are in deadlines.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from types import MappingProxyType
from typing import Mapping

from .calendar import BusinessCalendar

DEFAULT_RESOLUTION_BUSINESS_DAYS: Mapping[str, int] = MappingProxyType({
    "product_info": 2,
    "delivery": 3,
    "refund_delay": 3,
    "membership": 3,
    "promotion": 3,
    "exchange_return": 5,
    "agent_conduct": 5,
    "product_mismatch": 7,
    "merchant_service": 7,
    "other": 7,
})


@dataclass(frozen=True)
class DeadlinePolicy:
    """Every length the rules use; the defaults are the table in deadlines.py's docstring."""

    first_response_business_days: int = 1
    priority_first_response: timedelta = timedelta(hours=4)
    fact_check_business_days: int = 2
    refund_business_days: int = 3
    refund_remedies: frozenset[str] = frozenset({"refund", "partial_refund"})
    resolution_business_days: Mapping[str, int] = field(
        default_factory=lambda: DEFAULT_RESOLUTION_BUSINESS_DAYS, hash=False)
    default_resolution_business_days: int = 7
    relief_days: int = 30
    relief_max_extension_days: int = 60
    relief_agencies: frozenset[str] = frozenset({"kca", "kca_1372"})
    mediation_days: int = 30
    acceptance_days: int = 15

    def __post_init__(self) -> None:
        object.__setattr__(self, "resolution_business_days",
                           MappingProxyType({str(k): v for k, v in
                                             dict(self.resolution_business_days).items()}))
        object.__setattr__(self, "refund_remedies", frozenset(map(str, self.refund_remedies)))
        object.__setattr__(self, "relief_agencies", frozenset(map(str, self.relief_agencies)))
        counts = {name: getattr(self, name) for name in (
            "first_response_business_days", "fact_check_business_days", "refund_business_days",
            "default_resolution_business_days", "relief_days", "relief_max_extension_days",
            "mediation_days", "acceptance_days")}
        counts.update({f"resolution_business_days[{k}]": v
                       for k, v in self.resolution_business_days.items()})
        for name, value in counts.items():
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number ≥ 0, got {value!r}")
        for name in ("relief_days", "mediation_days", "acceptance_days"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1 day")
        if self.priority_first_response <= timedelta(0):
            raise ValueError("priority_first_response must be positive")

    def resolution_days_for(self, category: str) -> int:
        return self.resolution_business_days.get(str(category),
                                                 self.default_resolution_business_days)


DEFAULT_POLICY = DeadlinePolicy()
DEFAULT_CALENDAR = BusinessCalendar()
