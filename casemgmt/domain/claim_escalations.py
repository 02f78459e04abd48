"""The claim's rules for the consumer-agency track: escalated, advanced a stage, the agency's
replies and extensions of its relief period, concluded. Mixed into Claim (claim.py), whose events
these are."""
from __future__ import annotations

from datetime import datetime

from . import rules
from .deadline_policy import DeadlinePolicy
from .errors import InvalidCommand, StateConflict
from .parts import Escalation
from .values import Actor, Agency, Outcome, Stage


class ClaimEscalations:
    def escalate(self, agency: str, agency_reference: str, received_at: datetime,
                 stage: str | None, *, by: Actor, at: datetime) -> str:
        self._require_changeable(by)
        chosen = rules.one_of(Agency, agency, "agency")
        reference = rules.text(agency_reference, "agency_reference")
        received = rules.not_after(rules.aware(received_at, "received_at"), at, "received_at")
        if any(e.agency == chosen and e.agency_reference == reference for e in self.escalations):
            raise StateConflict("escalation.duplicate",
                                f"{chosen.value} case {reference} is already on this claim")
        first = (rules.one_of(Stage, stage, "stage") if stage is not None
                 else Stage.REFERRED_TO_MEDIATION if chosen == Agency.MEDIATION_COMMITTEE
                 else Stage.FACT_INQUIRY)
        escalation_id = f"e-{len(self.escalations) + 1}"
        self.trigger_event(self.Escalated, escalation_id=escalation_id, agency=chosen.value,
                           agency_reference=reference, received_at=received, stage=first.value,
                           by=by.id, at=at)
        return escalation_id

    def advance_escalation(self, escalation_id: str, stage: str, stage_at: datetime | None,
                           details: str | None, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        escalation = self._open_escalation(escalation_id)
        target = rules.one_of(Stage, stage, "stage")
        if target.rank <= Stage(escalation.stage).rank:
            raise StateConflict("escalation.stage_backwards",
                                f"the track is at {escalation.stage}; stages only move forward")
        when = rules.aware(stage_at, "at", optional=True) or at
        rules.not_after(when, at, "at")
        self.trigger_event(self.EscalationAdvanced, escalation_id=escalation_id, stage=target.value,
                           stage_at=when, details=details, by=by.id, at=at)

    def reply_to_agency(self, escalation_id: str, message: str, *, by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_escalation(escalation_id)
        self.trigger_event(self.AgencyReplied, escalation_id=escalation_id,
                           message=rules.text(message, "message"), by=by.id, at=at)

    def extend_relief_period(self, escalation_id: str, days: int, reason: str,
                             extended_at: datetime | None, *, by: Actor, at: datetime,
                             policy: DeadlinePolicy) -> None:
        """Record the agency's extension of its relief period (소비자기본법 제58조 단서):
        only a track that runs that period, while it is open, up to the cap in total."""
        self._require_changeable(by)
        escalation = self._open_escalation(escalation_id)
        if escalation.agency not in policy.relief_agencies:
            raise StateConflict("extension.no_relief_period",
                                f"a {escalation.agency} track has no relief period to extend")
        cap, used = policy.relief_max_extension_days, escalation.extension_days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= cap:
            raise InvalidCommand("days.range", f"days must be a whole number from 1 to {cap}",
                                 "days")
        if used + days > cap:
            raise InvalidCommand("days.beyond_cap", f"the relief period may be extended by "
                                 f"{cap} days in all; {used} are used, {cap - used} left", "days")
        when = rules.aware(extended_at, "at", optional=True) or at
        rules.not_after(when, at, "at")
        if when < escalation.received_at:
            raise InvalidCommand("at.before_receipt",
                                 "the agency cannot extend before it received the case", "at")
        self.trigger_event(self.AgencyExtended, escalation_id=escalation_id, days=days,
                           reason=rules.text(reason, "reason"), extended_at=when, by=by.id, at=at)

    def conclude_escalation(self, escalation_id: str, outcome: str, details: str | None, *,
                            by: Actor, at: datetime) -> None:
        self._require_changeable(by)
        self._open_escalation(escalation_id)
        self.trigger_event(self.EscalationConcluded, escalation_id=escalation_id,
                           outcome=rules.one_of(Outcome, outcome, "outcome").value,
                           details=details, by=by.id, at=at)

    def _open_escalation(self, escalation_id: str) -> Escalation:
        escalation = self.escalation(escalation_id)
        if not escalation.is_open:
            raise StateConflict("escalation.concluded",
                                f"escalation {escalation_id} ended with {escalation.outcome}")
        return escalation
