"""Surprise & Delight: once a month, the customers the company owes an apology to.

A round per month is its own aggregate (id derived from the month, so building it twice
finds the same round). Candidates are scored from what went wrong in their claim.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from . import rules
from .access import require_casework_role
from .errors import InvalidCommand, StateConflict, UnknownPart
from .values import Actor, Flag

ROUND_NAMESPACE = uuid5(NAMESPACE_URL, "casemgmt:surprise-delight")
LONG_TO_CLOSE = timedelta(days=14)
SEVERAL_CONTACTS = 3
LOW_SATISFACTION = 4
# What went wrong, and how much it weighs when ranking the month's candidates.
WEIGHTS = {"agency_escalation": 4, "reopened": 3, "low_satisfaction": 3, "deadline_missed": 2,
           "long_time_to_close": 2, "several_contacts": 1}


@dataclass(frozen=True)
class Assessment:
    score: int
    reasons: list[str]


def assess(claim: Any, *, missed_deadlines: list[str]) -> Assessment | None:
    """What went wrong for the customer; None when nothing did or the claim is excluded."""
    if Flag.ABUSE_REPORTED in claim.flags:
        return None
    reasons = []
    if claim.escalations:
        reasons.append("agency_escalation")
    if claim.reopen_count:
        reasons.append("reopened")
    if claim.satisfaction is not None and claim.satisfaction.score <= LOW_SATISFACTION:
        reasons.append("low_satisfaction")
    if missed_deadlines:
        reasons.append("deadline_missed")
    if claim.closed_at and claim.closed_at - claim.received_at > LONG_TO_CLOSE:
        reasons.append("long_time_to_close")
    if len(claim.responses) >= SEVERAL_CONTACTS:
        reasons.append("several_contacts")
    if not reasons:
        return None
    score = sum(WEIGHTS[r] for r in reasons) + max(claim.reopen_count - 1, 0) * WEIGHTS["reopened"]
    return Assessment(score=score, reasons=reasons + ["abuse_free"])


@dataclass
class Candidate:
    claim_id: str
    customer_id: str
    score: int
    reasons: list[str]
    closed_at: datetime | None = None


@dataclass
class Selection:
    id: str
    claim_id: str
    customer_id: str
    gift: str
    letter_by: str
    selected_by: str
    selected_at: datetime
    sent_at: datetime | None = None
    feedback: list[str] = field(default_factory=list)


def rank_candidates(candidates: list[Candidate], opened_at: datetime) -> list[Candidate]:
    """Best first; on a tie the customer who has waited longest since closure goes first."""
    return sorted(candidates, key=lambda c: (-c.score, c.closed_at is None,
                                             c.closed_at or opened_at, c.claim_id))


@dataclass(frozen=True)
class ProvisionalRound:
    """The running month's candidates so far: computed at every read, never stored.

    A stored round is only added to (one candidate per customer, and selections point at
    them), so one built before the month ends would keep a customer's first candidate
    although a higher-scored claim of theirs may still close. Computed, a provisional round
    always shows each customer's best claim so far; the round is stored, complete, by the
    first run after the month has ended."""

    month: str
    opened_at: datetime   # when these candidates were computed
    candidates: list[Candidate]
    selections: tuple = ()
    provisional = True

    def ranked(self) -> list[Candidate]:
        return rank_candidates(self.candidates, self.opened_at)


class SurpriseDelightRound(Aggregate):
    provisional = False  # built after its month ended: complete, and selections may follow

    @staticmethod
    def create_id(month: str, **_: object) -> UUID:
        return uuid5(ROUND_NAMESPACE, month)

    @event("Opened")
    def __init__(self, month: str, by: str, at: datetime):
        self.month = month
        self.opened_at = at
        self.candidates: list[Candidate] = []
        self.selections: list[Selection] = []

    def ranked(self) -> list[Candidate]:
        return rank_candidates(self.candidates, self.opened_at)

    def add_candidate(self, claim_id: str, customer_id: str, assessment: Assessment,
                      closed_at: datetime | None, *, by: str, at: datetime) -> bool:
        known = {c.claim_id for c in self.candidates} | {c.customer_id for c in self.candidates}
        if claim_id in known or customer_id in known:
            return False  # one candidate per customer and month
        self._candidate_added(claim_id=claim_id, customer_id=customer_id, score=assessment.score,
                              reasons=list(assessment.reasons), closed_at=closed_at, by=by, at=at)
        return True

    @event("CandidateAdded")
    def _candidate_added(self, claim_id: str, customer_id: str, score: int, reasons: list[str],
                         closed_at: datetime | None, by: str, at: datetime) -> None:
        self.candidates.append(Candidate(claim_id, customer_id, score, list(reasons), closed_at))

    def select(self, claim_id: str, gift: str, letter_by: str, *, by: Actor, at: datetime) -> str:
        require_casework_role(by)
        candidate = next((c for c in self.candidates if c.claim_id == claim_id), None)
        if candidate is None:
            # The round exists; the body names a claim outside it: a rule broken (422), like an
            # unknown assignee, not a missing resource (404 is for an unknown month or selection).
            raise InvalidCommand("candidate.unknown",
                                 f"claim {claim_id} is not a candidate this month", "claim_id")
        if any(s.claim_id == claim_id for s in self.selections):
            raise StateConflict("selection.duplicate", "this candidate is already selected")
        selection_id = f"s-{len(self.selections) + 1}"
        self._selected(selection_id=selection_id, claim_id=claim_id,
                       customer_id=candidate.customer_id, gift=rules.text(gift, "gift"),
                       letter_by=rules.text(letter_by, "letter_by"), by=by.id, at=at)
        return selection_id

    @event("Selected")
    def _selected(self, selection_id: str, claim_id: str, customer_id: str, gift: str,
                  letter_by: str, by: str, at: datetime) -> None:
        self.selections.append(Selection(selection_id, claim_id, customer_id, gift, letter_by,
                                         selected_by=by, selected_at=at))

    def record_sent(self, selection_id: str, sent_at: datetime, *, by: Actor, at: datetime) -> None:
        require_casework_role(by)
        selection = self.selection(selection_id)
        if selection.sent_at is not None:
            raise StateConflict("selection.already_sent", "the gift and letter were already sent")
        rules.not_after(rules.aware(sent_at, "sent_at"), at, "sent_at")
        self._sent(selection_id=selection_id, sent_at=sent_at, by=by.id, at=at)

    @event("Sent")
    def _sent(self, selection_id: str, sent_at: datetime, by: str, at: datetime) -> None:
        self.selection(selection_id).sent_at = sent_at

    def record_feedback(self, selection_id: str, text: str, *, by: Actor, at: datetime) -> None:
        require_casework_role(by)
        if self.selection(selection_id).sent_at is None:
            raise StateConflict("selection.not_sent", "record the customer's reaction after sending")
        # The claim id travels with the reaction: its key seals the customer's words.
        self._feedback_recorded(selection_id=selection_id,
                                claim_id=self.selection(selection_id).claim_id,
                                text=rules.text(text, "text"), by=by.id, at=at)

    @event("FeedbackRecorded")
    def _feedback_recorded(self, selection_id: str, claim_id: str, text: str, by: str,
                           at: datetime) -> None:
        self.selection(selection_id).feedback.append(text)

    def selection(self, selection_id: str) -> Selection:
        for selection in self.selections:
            if selection.id == selection_id:
                return selection
        raise UnknownPart("selection.unknown", f"no selection {selection_id!r} this month")

    def selected_customers(self) -> set[str]:
        return {s.customer_id for s in self.selections}
