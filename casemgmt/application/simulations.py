"""Policy simulation: the claims received in a period, replayed from the stored events (not the
views), under another authority policy, standard edition or deadline lengths; actual against
simulated. It only reads: nothing is stored, no view is touched.

One pass over the notification log up to the head seen at the start, reading only the event
types the simulation needs (topics filtered in the database). It starts near the period: the
claims received from `start` on were filed at or after it, so every event of theirs comes
after the first event stamped a day before `start` (the day absorbs clocks of concurrent
writers; a binary search finds it). The staff members' limits are replayed from the start of
the log, so each decision is judged against its proposer's limit at the time.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta
from typing import Any, Callable, Mapping

from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.calendar import SEOUL, BusinessCalendar
from casemgmt.domain.claim import CLAIM_TOPIC
from casemgmt.domain.deadline_policy import DeadlinePolicy
from casemgmt.domain.errors import DomainError
from casemgmt.domain.simulation import (
    FOLDS, RememberingCalendar, ReplayedClaim, missed_deadlines, needs_approval,
)
from casemgmt.domain.standard_citation import (
    StandardCalculation, baseline_for, counted_against_authority,
)
from casemgmt.domain.staff import StaffMember

from .remedies import RemedyStandard
from .simulation_report import Report, Tally

STAFF_TOPIC = f"{StaffMember.__module__}:{StaffMember.__qualname__}"
STAFF_TOPICS = (f"{STAFF_TOPIC}.Registered", f"{STAFF_TOPIC}.AuthorityLimitChanged")
CLAIM_TOPICS = tuple(f"{CLAIM_TOPIC}.{name}" for name in ("Filed", "DecisionProposed", *FOLDS))
MARGIN = timedelta(days=1)
Progress = Callable[[int, int], None]  # (position reached, head)


@dataclass(frozen=True)
class WhatIf:
    """The period (days in Asia/Seoul, both inclusive) and the rules to replay it under;
    what is not given stays as the service has it."""

    start: date
    end: date
    tier_multipliers: Mapping[str, float] | None = None
    limits: Mapping[str, int] = field(default_factory=dict)   # staff id → authority limit
    edition: str | None = None                                # cite this edition instead
    deadlines: Mapping[str, Any] = field(default_factory=dict)  # DeadlinePolicy fields


@dataclass(frozen=True)
class Rules:
    authority: AuthorityPolicy
    deadlines: DeadlinePolicy


class PolicySimulation:
    def __init__(self, log: Any, standard: RemedyStandard, *, authority: AuthorityPolicy,
                 deadlines: DeadlinePolicy, calendar: BusinessCalendar, clock: Any,
                 batch_size: int = 5_000):
        self.log = log  # recorder (select_notifications, max_notification_id), sealed_mapper()
        self.standard = standard
        self.actual = Rules(authority, deadlines)
        self.calendar = calendar
        self.clock = clock
        self.batch_size = batch_size

    def simulated_rules(self, what_if: WhatIf) -> Rules:
        """The service's rules with the request's changes; a bad value raises ValueError."""
        authority = self.actual.authority
        if what_if.tier_multipliers is not None:
            authority = AuthorityPolicy({**authority.tier_multipliers, **what_if.tier_multipliers})
        changes = dict(what_if.deadlines)
        known = {f.name for f in fields(DeadlinePolicy)} | {"priority_first_response_hours"}
        for name in changes.keys() - known:
            raise ValueError(f"no deadline length {name!r} (known: {', '.join(sorted(known))})")
        if "resolution_business_days" in changes:
            changes["resolution_business_days"] = {
                **self.actual.deadlines.resolution_business_days,
                **changes["resolution_business_days"]}
        if "priority_first_response_hours" in changes:
            changes["priority_first_response"] = timedelta(
                hours=changes.pop("priority_first_response_hours"))
        return Rules(authority, replace(self.actual.deadlines, **changes))

    def run(self, what_if: WhatIf, progress: Progress | None = None) -> Report:
        began = time.perf_counter()
        if what_if.edition is not None:
            self.standard.tables.edition(what_if.edition)  # unknown: refused before any work
        run = _Run(self, what_if, self.simulated_rules(what_if))
        run.replay(progress)
        report = run.finish(self.clock.now())
        report.seconds = time.perf_counter() - began
        return report


class _Run:
    """One simulation: the replayed claims, the staff limits as of the event being read, the
    tallies by category."""

    def __init__(self, simulation: PolicySimulation, what_if: WhatIf, rules: Rules):
        self.sim, self.what_if, self.rules = simulation, what_if, rules
        self.mapper = simulation.log.sealed_mapper()
        self.recorder = simulation.log.recorder
        self.claims: dict[Any, ReplayedClaim] = {}
        self.limits: dict[str, int] = {}
        self.tallies: dict[str, Tally] = {}
        self.events_read = 0
        self.outside_edition = 0
        self.first = datetime.combine(what_if.start, datetime.min.time(), tzinfo=SEOUL)
        self.last = datetime.combine(what_if.end + timedelta(days=1), datetime.min.time(),
                                     tzinfo=SEOUL)

    # -- reading the log -------------------------------------------------------------------

    def replay(self, progress: Progress | None) -> None:
        head = self.recorder.max_notification_id() or 0
        start = self._first_position(self.first - MARGIN, head)
        self._read(1, start - 1, STAFF_TOPICS, None)
        self._read(start, head, STAFF_TOPICS + CLAIM_TOPICS, progress)

    def _read(self, start: int, stop: int, topics: tuple[str, ...],
              progress: Progress | None) -> None:
        while start <= stop:
            batch = self.recorder.select_notifications(start=start, limit=self.sim.batch_size,
                                                       stop=stop, topics=topics)
            if not batch:
                return
            for notification in batch:
                self._take(notification)
            start = batch[-1].id + 1
            if progress:
                progress(batch[-1].id, stop)

    def _take(self, notification: Any) -> None:
        name = notification.topic.rsplit(".", 1)[-1]
        claim = self.claims.get(notification.originator_id)
        if notification.topic.startswith(STAFF_TOPIC):
            event = self._decode(notification)
            self.limits[str(event.originator_id)] = event.authority_limit
        elif name == "Filed":
            self._filed(notification.originator_id, self._decode(notification))
        elif claim is None:
            return  # a claim received outside the period: not even decoded
        elif name == "DecisionProposed":
            self._decided(claim, self._decode(notification))
        else:
            FOLDS[name](claim, self._decode(notification))

    def _decode(self, notification: Any) -> Any:
        self.events_read += 1
        return self.mapper.to_domain_event(notification)

    def _first_position(self, moment: datetime, head: int) -> int:
        """The first position whose event is stamped at or after `moment` (binary search)."""
        low, high = 1, head + 1
        while low < high:
            middle = (low + high) // 2
            stamped = self._stamp_at_or_after(middle, head)
            if stamped is None or stamped >= moment:
                high = middle
            else:
                low = middle + 1
        return low

    def _stamp_at_or_after(self, position: int, head: int) -> datetime | None:
        for notification in self.recorder.select_notifications(start=position, limit=20,
                                                                stop=head):
            stamp = getattr(self.mapper.to_domain_event(notification), "at", None)
            if isinstance(stamp, datetime):
                return stamp
        return None

    # -- the facts -------------------------------------------------------------------------

    def _filed(self, claim_id: Any, event: Any) -> None:
        if self.first <= event.received_at < self.last:
            claim = self.claims[claim_id] = ReplayedClaim(str(claim_id), event)
            self._tally(claim).claims += 1

    def _decided(self, claim: ReplayedClaim, event: Any) -> None:
        tally = self._tally(claim)
        tally.decisions += 1
        actual_limit = self.limits.get(event.by, 0)
        limit = self.what_if.limits.get(event.by, actual_limit)
        stored = getattr(event, "standard_amount_krw", None)
        standard = self._standard(event, stored)
        # a decision held for a supervisor by another rule (the duplicate-compensation guard's
        # `hold`) needs approval whatever the authority
        held = bool(getattr(event, "hold", None))
        simulated = needs_approval(event.amount_krw, standard, claim.tier, limit,
                                   self.rules.authority, held=held)
        actual = event.status == "pending_approval"
        tally.needing_approval.add(actual, simulated)
        tally.amount_krw.add(event.amount_krw if actual else 0,
                             event.amount_krw if simulated else 0)
        tally.counted_krw.add(counted_against_authority(event.amount_krw, stored),
                              counted_against_authority(event.amount_krw, standard))

    def _standard(self, event: Any, stored: int | None) -> int | None:
        """The standard's amount under the simulated edition (the one cited, if none given)."""
        rule_id = getattr(event, "standard_rule_id", None)
        if rule_id is None or self.what_if.edition is None:
            return stored
        try:
            calculation = self.sim.standard.calculate(rule_id, event.standard_inputs,
                                                      edition=self.what_if.edition)
            return baseline_for(event.remedy, StandardCalculation(
                calculation.edition.id, rule_id, calculation.inputs,
                calculation.remedies)).amount_krw
        except DomainError:  # not in that edition (or not with these inputs): all of it counts
            self.outside_edition += 1
            return None

    def _tally(self, claim: ReplayedClaim) -> Tally:
        return self.tallies.setdefault(claim.category, Tally())

    def finish(self, now: datetime) -> Report:
        calendar = RememberingCalendar(self.sim.calendar)
        for claim in self.claims.values():
            self._tally(claim).deadlines_missed.add(
                missed_deadlines(claim, now, self.sim.actual.deadlines, calendar),
                missed_deadlines(claim, now, self.rules.deadlines, calendar))
        return Report(by_category=self.tallies, events_read=self.events_read,
                      citations_outside_edition=self.outside_edition)
