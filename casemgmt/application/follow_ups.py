"""Follow-up use cases: deadline alerts on claims and the monthly Surprise & Delight round."""
from __future__ import annotations

from datetime import datetime
from typing import Callable, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from casemgmt.domain.claim import Claim
from casemgmt.domain.surprise_delight import Assessment, SurpriseDelightRound
from casemgmt.domain.values import Actor

from .base import CaseApplication
from .errors import ApplicationError, ConcurrentWrite

T = TypeVar("T")
RETRIES = 5


class RoundNotFound(ApplicationError):
    """Raised when no Surprise & Delight round has been built for the month yet."""


class FollowUpUseCases(CaseApplication):
    def record_deadline_alert(self, actor: Actor, claim_id: UUID | str, kind: str, deadline: str,
                              due_at: datetime) -> bool:
        """Record the alert once, whoever else is recording it at the same moment."""
        def attempt() -> bool:
            claim, new = self.change_claim(claim_id, None, lambda c: c.record_deadline_alert(
                kind, deadline, due_at, by=actor, at=self.clock.now()))
            return new
        return _retrying(attempt)

    # -- Surprise & Delight --------------------------------------------------------------

    def get_round(self, month: str) -> SurpriseDelightRound:
        try:
            found = self.repository.get(SurpriseDelightRound.create_id(month))
        except AggregateNotFoundError:
            raise RoundNotFound(month) from None
        return found

    def add_round_candidates(self, month: str, candidates: list[tuple[Claim, Assessment]],
                             by: Actor) -> tuple[SurpriseDelightRound, int]:
        """Open the month's round if needed and add new candidates; safe to repeat or race."""
        def attempt() -> tuple[SurpriseDelightRound, int]:
            try:
                current = self.get_round(month)
            except RoundNotFound:
                current = SurpriseDelightRound(month=month, by=by.id, at=self.clock.now())
            added = sum(current.add_candidate(str(claim.id), claim.customer.id, assessment,
                                              claim.closed_at, by=by.id, at=self.clock.now())
                        for claim, assessment in candidates)
            self.save_atomically(current)
            return current, added
        return _retrying(attempt)

    def change_round(self, month: str, command: Callable[[SurpriseDelightRound], T]
                     ) -> tuple[SurpriseDelightRound, T]:
        current = self.get_round(month)
        result = command(current)
        self.save_atomically(current)
        return current, result

    def select_candidate(self, actor: Actor, month: str, *, claim_id: str, gift: str,
                         letter_by: str) -> tuple[SurpriseDelightRound, str]:
        return self.change_round(month, lambda r: r.select(claim_id, gift, letter_by, by=actor,
                                                           at=self.clock.now()))

    def record_gift_sent(self, actor: Actor, month: str, selection_id: str,
                         sent_at: datetime) -> SurpriseDelightRound:
        return self.change_round(month, lambda r: r.record_sent(
            selection_id, sent_at, by=actor, at=self.clock.now()))[0]

    def record_gift_feedback(self, actor: Actor, month: str, selection_id: str,
                             text: str) -> SurpriseDelightRound:
        return self.change_round(month, lambda r: r.record_feedback(
            selection_id, text, by=actor, at=self.clock.now()))[0]


def _retrying(attempt: Callable[[], T]) -> T:
    # Deterministic ids make a lost race visible as a conflict; the retry then sees the
    # winner's events and finds nothing left to do. That is what makes jobs idempotent.
    for _ in range(RETRIES - 1):
        try:
            return attempt()
        except ConcurrentWrite:
            continue
    return attempt()
