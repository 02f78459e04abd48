"""The clock's jobs as use cases: each reads the views, acts through the claims, says what it did.

`JOBS` names them as `POST /jobs/{name}/runs` and the scheduler call them; the lengths they
use are the domain's FollowUpPolicy.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Callable, Iterable, Iterator

from casemgmt.domain import deadlines as dl
from casemgmt.domain.alerts import AGENCY_CLOCKS, APPROACHING, OVERDUE, event_name
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.deadlines import statutory_period_end
from casemgmt.domain.errors import InvalidCommand
from casemgmt.domain.surprise_delight import (
    Assessment, Candidate, ProvisionalRound, SurpriseDelightRound, assess,
)
from casemgmt.domain.values import Actor, Role

from .follow_ups import FollowUpUseCases, RoundNotFound
from .integrity import ClaimIntegrityError
from .months import is_running, month_bounds, month_just_ended, previous_months

CLOCK = Actor(id="system:scheduler", role=Role.SCHEDULER, name="scheduler")
log = logging.getLogger("casemgmt.jobs")


class Damaged(list):
    """The claims a job passed over because their stored events fail their integrity check
    (application/integrity.py): one damaged claim must not stop the clock for all the others.
    Each is logged and reported in the job's result under "damaged"."""

    def intact(self, claims: Any, claim_ids: Iterable[str]) -> Iterator[tuple[str, Any]]:
        for claim_id in claim_ids:
            try:
                yield claim_id, claims.get_claim(claim_id)
            except ClaimIntegrityError as error:
                log.error("claim %s passed over: it fails its integrity check at version %s",
                          error.claim_id, error.version)
                self.append({"claim_id": error.claim_id, "version": error.version,
                             "problem": error.problem})


class JobUseCases(FollowUpUseCases):
    def sweep_deadlines(self, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
        """One alert event per missed (or, for agency clocks, approaching) deadline."""
        now = self.clock.now()
        self.views.fresh_to_head()
        recorded, checked, damaged = [], 0, Damaged()
        due = self.views.claims_due_before(now + self.follow_up_policy.agency_warning)
        for claim_id, claim in damaged.intact(self, due):
            checked += 1
            for kind, deadline, due in self.alerts_due(claim, now):
                if self.record_deadline_alert(actor, claim_id, kind, deadline, due):
                    recorded.append({"claim_id": claim_id, "event": event_name(kind, deadline),
                                     "deadline": deadline, "due_at": due.isoformat()})
        return {"checked": checked, "recorded": recorded, "damaged": damaged}

    def alerts_due(self, claim: Any, now: datetime) -> list[tuple[str, str, datetime]]:
        found = []
        for deadline, due in dl.pending_deadlines(claim, self.deadline_policy, self.calendar):
            if now > due:
                found.append((OVERDUE, deadline, due))
            elif (deadline.split(":", 1)[0] in AGENCY_CLOCKS
                  and due - now <= self.follow_up_policy.agency_warning):
                found.append((APPROACHING, deadline, due))
        return found

    def owed_happy_calls(self, due_before: datetime, *, limit: int = 500,
                         after: str | None = None) -> list[dict[str, Any]]:
        """Claims closed at least `happy_call_after` before `due_before`, no satisfaction yet."""
        wait = self.follow_up_policy.happy_call_after
        rows = self.views.closed_without_satisfaction(due_before - wait, limit=limit, after=after)
        for row in rows:
            claim_id = row["claim_id"]
            row["customer_name"] = self.sealer.unseal(claim_id, row["customer_name"])
            row["customer_phone"] = self.sealer.unseal(claim_id, row["customer_phone"], like=None)
            row["closed_at"] = row["closed_at"].astimezone(SEOUL)
            row["call_due_at"] = row["closed_at"] + wait
        return rows

    def count_happy_calls(self, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
        self.views.fresh_to_head()
        calls = self.owed_happy_calls(self.clock.now())
        return {"owed": len(calls), "claims": [c["claim_id"] for c in calls]}

    def build_surprise_delight_round(self, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
        """The month's round from the claims closed in it; running it again adds nothing twice.
        For the running month it stores nothing and reports the provisional candidates."""
        now = self.clock.now()
        month = params.get("month") or month_just_ended(now)
        start, end = month_bounds(month)
        if start > now:
            raise InvalidCommand("month.not_started", f"{month} has not started yet", "month")
        considered, ranked, excluded = self.month_candidates(month)
        if end > now:  # see ProvisionalRound: stored now, the round would lock candidates in
            return {"month": month, "provisional": True, "claims_considered": considered,
                    "candidates_added": 0, "candidates": len(ranked),
                    "excluded_customers": len(excluded)}
        current, added = self.add_round_candidates(month, ranked, actor)
        return {"month": month, "claims_considered": considered, "candidates_added": added,
                "candidates": len(current.candidates), "excluded_customers": len(excluded)}

    def current_round(self, month: str) -> SurpriseDelightRound | ProvisionalRound:
        """The month's stored round; for the running month, its provisional candidates so far."""
        try:
            return self.get_round(month)
        except RoundNotFound:
            now = self.clock.now()
            if not is_running(month, now):
                raise
        _, ranked, _ = self.month_candidates(month)
        return ProvisionalRound(month=month, opened_at=now, candidates=[
            Candidate(str(claim.id), claim.customer.id, assessment.score,
                      list(assessment.reasons), claim.closed_at)
            for claim, assessment in ranked])

    def month_candidates(self, month: str) -> tuple[int, list[tuple[Any, Assessment]], set[str]]:
        """(claims considered, each customer's best claim ranked, customers excluded) of the
        claims closed in the month (so far, for the running month)."""
        start, end = month_bounds(month)
        self.views.fresh_to_head()
        claim_ids = self.views.closed_between(start, end)
        excluded = self.recently_chosen(month)
        best: dict[str, tuple] = {}
        for _, claim in Damaged().intact(self, claim_ids):  # a damaged claim is logged, left out
            assessment = assess(claim, missed_deadlines=self.missed_deadlines(claim))
            if assessment is None or claim.customer.id in excluded:
                continue
            kept = best.get(claim.customer.id)
            if kept is None or assessment.score > kept[1].score:
                best[claim.customer.id] = (claim, assessment)
        ranked = sorted(best.values(),
                        key=lambda pair: (-pair[1].score, pair[0].closed_at, str(pair[0].id)))
        return len(claim_ids), ranked, excluded

    def missed_deadlines(self, claim: Any) -> list[str]:
        """Deadlines the claim missed: alerts the clock recorded, and those met only late."""
        missed = set(claim.missed_deadlines)
        due = dl.claim_deadlines(claim, self.deadline_policy, self.calendar)
        if claim.first_response_at and claim.first_response_at > due["first_response"]:
            missed.add("first_response")
        if claim.closed_at and claim.closed_at > due["resolution"]:
            missed.add("resolution")
        return sorted(missed)

    def recently_chosen(self, month: str) -> set[str]:
        chosen: set[str] = set()
        months = self.follow_up_policy.surprise_delight_exclusion_months
        for earlier in previous_months(month, months):
            try:
                chosen |= self.get_round(earlier).selected_customers()
            except RoundNotFound:
                continue
        return chosen

    def keeping_ends(self, closed_at: datetime) -> datetime:
        """The end of the keeping period, counted as the Civil Act counts periods (민법 제157조:
        from the day after closure; 제159조: to the end of the last day; 제161조: a last day
        on a holiday moves on) — destroying a day late is a fault, a day early is worse."""
        return statutory_period_end(closed_at, self.follow_up_policy.retention_days,
                                    self.calendar)

    def apply_retention(self, actor: Actor, params: dict[str, Any]) -> dict[str, Any]:
        """Destroy the personal data of claims whose keeping period is over (전자상거래법 시행령
        §6; PIPA §21). A claim still on an agency track is on legal hold and kept."""
        now = self.clock.now()
        cutoff = now - timedelta(days=self.follow_up_policy.retention_days)
        self.views.fresh_to_head()
        held, destroyed, damaged = [], [], Damaged()
        for claim_id, claim in damaged.intact(self, self.views.closed_before(cutoff)):
            if any(e.is_open for e in claim.escalations):
                held.append(claim_id)
            elif claim.closed_at is None or now <= self.keeping_ends(claim.closed_at):
                continue  # reopened since the view saw it, or its last day has not ended yet
            elif self.destroy_claim_data(claim_id, shred=False):
                destroyed.append(claim_id)
        if destroyed:
            self.shredder.shred()  # once for the run: on PostgreSQL it rewrites data_keys
        return {"cutoff": cutoff.isoformat(), "destroyed": destroyed, "on_legal_hold": held,
                "damaged": damaged, "idempotency_records_expired": self.idempotency.expire()}


Job = Callable[[Any, Actor, dict[str, Any]], dict[str, Any]]
JOBS: dict[str, Job] = {
    "deadline-sweep": JobUseCases.sweep_deadlines,
    "happy-calls": JobUseCases.count_happy_calls,
    "surprise-delight": JobUseCases.build_surprise_delight_round,
    "retention": JobUseCases.apply_retention,
    # a signed digest of the audit chain, delivered outside (application/anchoring.py)
    "audit-anchor": lambda app, actor, params: app.anchoring.run(app.clock.now()),
}


def run_job(app: Any, name: str, params: dict[str, Any] | None = None,
            actor: Actor = CLOCK) -> dict[str, Any]:
    started: datetime = app.clock.now()
    result = JOBS[name](app, actor, params or {})
    return {"job": name, "started_at": started, "finished_at": app.clock.now(), "result": result}
