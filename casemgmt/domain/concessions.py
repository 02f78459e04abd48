"""The duplicate-compensation guard: one faulty order is not paid twice without a supervisor.

The claim does not know what other claims granted, so the application hands it the facts:
the approved money decisions already recorded for the claim's order, on any claim. The rules
here decide, from those facts, whether a new money decision must wait for a supervisor and
whether a supervisor approving one has seen every earlier payment on the order.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

from .values import DecisionStatus

DUPLICATE_COMPENSATION = "duplicate_compensation"


@dataclass(frozen=True)
class PriorConcession:
    """An approved decision that gave money on the same order."""

    claim_id: str
    decision_id: str
    amount_krw: int

    @property
    def ref(self) -> tuple[str, str]:
        return self.claim_id, self.decision_id

    def as_fact(self) -> dict:
        return asdict(self)


def prior_on_order(claim_id: str, decisions: Iterable, earlier: Iterable[PriorConcession],
                   *, excluding: str | None = None) -> list[PriorConcession]:
    """The recorded earlier payments on the order, then the claim's own approved money
    decisions, each once; `excluding` leaves out the decision under review."""
    own = [PriorConcession(claim_id, d.id, d.amount_krw) for d in decisions
           if d.status == DecisionStatus.APPROVED and d.amount_krw > 0 and d.id != excluding]
    seen: dict[tuple[str, str], PriorConcession] = {}
    for prior in [*earlier, *own]:
        if prior.ref != (claim_id, excluding):
            seen.setdefault(prior.ref, prior)
    return list(seen.values())


def hold_for(amount_krw: int, prior: list[PriorConcession]) -> str | None:
    """A money decision on an order already compensated waits for a supervisor, whatever the
    proposer's authority: a second fault on one order is possible, a second payment for the
    same fault is the loss this guards against."""
    return DUPLICATE_COMPENSATION if amount_krw > 0 and prior else None


def unseen(prior: list[PriorConcession], cited: Iterable[dict],
           acknowledged: Iterable[tuple[str, str]]) -> list[PriorConcession]:
    """Earlier payments a supervisor approving now has not been shown: neither cited on the
    held decision nor acknowledged in the approval (they were approved after the hold)."""
    known = {(c["claim_id"], c["decision_id"]) for c in cited} | set(acknowledged)
    return [p for p in prior if p.ref not in known]
