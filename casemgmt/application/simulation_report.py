"""What a policy simulation reports: counts and sums, actual against simulated, in total and
by category."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass
class Pair:
    actual: int = 0
    simulated: int = 0

    def add(self, actual: int, simulated: int) -> None:
        self.actual += int(actual)
        self.simulated += int(simulated)


@dataclass
class Tally:
    """needing_approval: decisions beyond the proposer's authority; amount_krw: the won of those
    decisions; counted_krw: the won counted against authority (above the standard's amount);
    deadlines_missed: deadlines met late or not met yet."""

    claims: int = 0
    decisions: int = 0
    needing_approval: Pair = field(default_factory=Pair)
    amount_krw: Pair = field(default_factory=Pair)
    counted_krw: Pair = field(default_factory=Pair)
    deadlines_missed: Pair = field(default_factory=Pair)

    def __iadd__(self, other: Tally) -> Tally:
        self.claims += other.claims
        self.decisions += other.decisions
        for name in ("needing_approval", "amount_krw", "counted_krw", "deadlines_missed"):
            mine, theirs = getattr(self, name), getattr(other, name)
            mine.add(theirs.actual, theirs.simulated)
        return self


@dataclass
class Report:
    by_category: dict[str, Tally]
    events_read: int = 0
    citations_outside_edition: int = 0  # cited rules the simulated edition does not have
    seconds: float = 0.0

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.by_category.values():
            total += tally
        return total

    def as_dict(self, start: date, end: date, categories: list[str]) -> dict[str, Any]:
        """The answer of POST /simulations and `casemgmt simulate` (categories in this order)."""
        known = [c for c in categories if c in self.by_category]
        known += sorted(set(self.by_category) - set(known))
        return {"from": start, "to": end, **asdict(self.total),
                "by_category": [{"category": c, **asdict(self.by_category[c])} for c in known],
                "citations_outside_edition": self.citations_outside_edition,
                "events_read": self.events_read, "elapsed_ms": round(self.seconds * 1000)}

