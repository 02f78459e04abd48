"""Deciding money on a claim with the order's earlier payments in view, race-free.

The claim cannot see other claims, so decision commands run through `change_guarded`: it
reads the order's recorded payments (the `order_approvals` port), hands them to the command
as facts (domain/concessions.py), and stores any payment the command approves in the same
transaction as the events. Two agents deciding on one order at once both read "nothing paid
yet"; both try to record payment number 1, the database keeps one, and the other command's
events roll back with its row. That command then runs again on fresh facts and is held for
a supervisor. So at most one money decision per order is ever approved without a
supervisor, on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from casemgmt.domain.claim import Claim
from casemgmt.domain.concessions import PriorConcession
from casemgmt.domain.values import DecisionStatus

from .base import CaseApplication
from .errors import ConcurrentWrite, StaleVersion

T = TypeVar("T")
# Each lost round means another approval on the same order committed: progress is made.
ATTEMPTS = 8


class OrderGuard(CaseApplication):
    order_approvals: Any  # ports: key(order_id), recorded(key), statements(...) (bootstrap)

    def change_guarded(self, claim_id, expected_version: int | None,
                       command: Callable[[Claim, list[PriorConcession]], T]) -> tuple[Claim, T]:
        """As change_claim, for commands that may approve money on the claim's order."""
        for _ in range(ATTEMPTS):
            claim = self.get_claim(claim_id)
            if expected_version is not None and claim.version != expected_version:
                raise StaleVersion(expected_version, claim.version)
            order_key = self.order_approvals.key(claim.order.id) if claim.order else None
            recorded = self.order_approvals.recorded(order_key) if order_key else []
            paid_before = _paid(claim)
            result = command(claim, recorded)
            approved = [(d.id, d.amount_krw, d.decided_at) for d in claim.decisions
                        if d.id in _paid(claim) - paid_before]
            statements = (self.order_approvals.statements(order_key, len(recorded),
                                                          str(claim.id), approved)
                          if order_key and approved else [])
            try:
                self.save_atomically(claim, expected_version=expected_version,
                                     statements=statements)
                return claim, result
            except (ConcurrentWrite, StaleVersion):
                if statements and self.order_approvals.recorded(order_key) != recorded:
                    continue  # another payment on the order came first: decide again
                raise
        raise ConcurrentWrite("payments on this order keep changing; retry")


def _paid(claim: Claim) -> set[str]:
    return {d.id for d in claim.decisions
            if d.status == DecisionStatus.APPROVED and d.amount_krw > 0}
