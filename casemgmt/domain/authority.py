"""Discretionary authority (전결권): how far a staff member may give money away on a claim."""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping

from .values import Tier

DEFAULT_TIER_MULTIPLIERS: Mapping[str, float] = MappingProxyType(
    {Tier.REGULAR: 1.0, Tier.LOYAL: 1.5, Tier.VIP: 2.0}
)


@dataclass(frozen=True)
class AuthorityPolicy:
    """The one place that says how a customer's tier raises a staff member's limit."""

    tier_multipliers: Mapping[str, float] = field(default_factory=lambda: DEFAULT_TIER_MULTIPLIERS)

    def effective_limit(self, authority_limit: int, tier: str) -> int:
        return int(authority_limit * self.tier_multipliers.get(tier, 1.0))

    def covers(self, authority_limit: int, tier: str, amount_krw: int) -> bool:
        return amount_krw <= self.effective_limit(authority_limit, tier)
