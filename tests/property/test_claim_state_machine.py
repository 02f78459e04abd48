"""A claim driven through random command sequences by random staff, on both backends.

The machine keeps its own model of the claim's facts and predicts, from API.md's rules,
whether each command is allowed. An allowed command must write exactly the events it
stands for; a refused one must raise a DomainError and write nothing. After every step
the stored history is checked: contiguous versions, a status that follows API.md's
precedence, and a replay (from scratch and from a snapshot) equal to the live claim.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from casemgmt.application.clock import KST
from casemgmt.domain.errors import DomainError
from casemgmt.domain.values import (
    AbuseKind,
    Actor,
    Agency,
    Channel,
    Finding,
    Outcome,
    Remedy,
    Resolution,
    Role,
    SatisfactionVia,
    Stage,
    Tier,
    VendorKind,
)
from tests.builders import a_customer, a_filed_claim, an_order_of_its_own

pytestmark = pytest.mark.slow

SNAPSHOT_INTERVAL = 3
START = datetime(2026, 11, 20, 9, 0, tzinfo=KST)
ACTORS = ["agent", "other_agent", "supervisor", "senior", "auditor"]
CLOCK_SKEW = timedelta(minutes=5)

# API.md: a loyal customer raises a staff member's limit by half, a VIP doubles it. The model
# keeps its own table (were it to read the production one, a wrong number there would agree
# with itself).
TIER_RAISE = {"regular": 1.0, "loyal": 1.5, "vip": 2.0}
# Amounts just below, at and above every effective limit of the team (see builders.POSITIONS),
# so the approval threshold is probed on its edge, plus anything up to five million won.
LIMITS = (30_000, 500_000, 2_000_000)
EDGE_AMOUNTS = sorted({int(limit * m) + d for limit in LIMITS
                       for m in TIER_RAISE.values() for d in (-1, 0, 1)})
amounts = st.one_of(st.sampled_from(EDGE_AMOUNTS + [0, 0, 0, -1]), st.integers(0, 5_000_000))


def with_invalid(enum, *invalid: str):
    """Mostly valid values, with one the rules refuse about once in ten."""
    valid = [m.value for m in enum]
    return st.sampled_from(valid * max(1, 9 // len(valid)) + list(invalid))


texts = st.sampled_from(["확인 후 연락드리겠습니다", "환불 절차 안내", "가맹점 확인 중",
                         "고객 재통화 예정", "보상안 설명", "상담 메모", "가맹점 회신 대기", "  "])
# Mostly whoever holds the claim (a supervisor while nobody does), so that commands get
# through, and now and then anyone else.
actors = st.sampled_from(["holder"] * 6 + ACTORS)
# Which part a command names: 0-5 one still open (if any), 6-7 any, 8 one the claim lacks.
picks = st.integers(0, 8)


# -- the model: what the claim should know, kept without looking at the claim ---------------

@dataclass
class Model:
    tier: str
    assignee: str | None = None
    responded: bool = False
    fact_checks: dict[str, str] = field(default_factory=dict)          # id -> status
    decisions: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # amount, by, status
    escalations: dict[str, dict] = field(default_factory=dict)
    closed: bool = False
    reopen_count: int = 0
    satisfaction: int | None = None
    notes: int = 0
    abuse_reports: int = 0

    def status(self) -> str:
        if self.closed:
            return "closed"
        if any(e["outcome"] is None for e in self.escalations.values()):
            return "escalated"
        if any(status == "pending_approval" for _, _, status in self.decisions.values()):
            return "awaiting_approval"
        if any(status == "open" for status in self.fact_checks.values()):
            return "awaiting_vendor"
        if self.assignee is not None or self.responded:
            return "in_progress"
        return "new"

    def effective_limit(self, actor: Actor) -> int:
        return int(actor.authority_limit * TIER_RAISE[self.tier])


def status_from_facts(claim) -> str:
    """API.md's precedence, computed from the claim's recorded facts (not claim.status)."""
    if claim.closed_at is not None:
        return "closed"
    if any(e.outcome is None for e in claim.escalations):
        return "escalated"
    if any(d.status == "pending_approval" for d in claim.decisions):
        return "awaiting_approval"
    if any(fc.status == "open" for fc in claim.fact_checks):
        return "awaiting_vendor"
    if claim.assignee is not None or claim.responses:
        return "in_progress"
    return "new"


def state_of(claim) -> dict:
    state = dict(vars(claim))
    state.pop("_pending_events", None)
    return state


def fold(events, claim=None):
    for stored in events:
        claim = stored.mutate(claim)
    return claim


def command(**strategies):
    """A command of a family: the family's rule picks it and draws its arguments."""
    def mark(method):
        method.strategies = strategies
        return method
    return mark


def family(name: str, *commands: str):
    """One rule for related commands, so that e.g. agency tracks get concluded about as
    often as they are opened (and a claim can be closed), whatever the number of rules.
    A command named twice is picked twice as often."""
    @rule(command=st.sampled_from(commands), data=st.data())
    def run(self, command, data):
        method = getattr(self, command)
        method(**{arg: data.draw(strategy, label=arg)
                  for arg, strategy in method.strategies.items()})
    run.__name__ = run.__qualname__ = name
    return run


def pick_id(ids: list[str], live: list[str], pick: int, prefix: str) -> str:
    if pick <= 5 and live:
        return live[pick % len(live)]
    if not ids or pick >= 8:
        return f"{prefix}-99"
    return ids[pick % len(ids)]


class ClaimMachine(RuleBasedStateMachine):
    """One fresh claim per example, on services (and a team) shared by the examples."""

    services = None
    team = None

    def __init__(self):
        super().__init__()
        self.app = self.services.casemgmt
        self.clock = self.app.clock
        self.clock.current = START
        self.team = {name: getattr(type(self).team, name).actor for name in ACTORS}
        self.claim_id = None
        self.model: Model | None = None
        self.last = None  # the claim a successful command returned
        self.closed_checked_at = None
        self.stored: list[int] = []  # the claim's stored versions after the last step

    # -- helpers -------------------------------------------------------------------------

    def actor(self, name: str) -> Actor:
        if name == "holder":
            holder = [a for a in self.team.values() if a.id == self.model.assignee]
            return holder[0] if holder else self.team["supervisor"]
        return self.team[name]

    def open_fact_checks(self) -> list[str]:
        return [fc for fc, status in self.model.fact_checks.items() if status == "open"]

    def pending_decisions(self) -> list[str]:
        return [d for d, (_, _, s) in self.model.decisions.items() if s == "pending_approval"]

    def open_escalations(self) -> list[str]:
        return [e for e, esc in self.model.escalations.items() if esc["outcome"] is None]

    def may_change(self, actor: Actor) -> bool:
        if actor.role == Role.SUPERVISOR:
            return True
        return actor.role == Role.AGENT and self.model.assignee == actor.id

    def may_work_open(self, actor: Actor) -> bool:
        return self.may_change(actor) and not self.model.closed

    def versions(self) -> list[int]:
        return [e.originator_version for e in self.app.events.get(self.claim_id)]

    def attempt(self, allowed: bool, call, new_events: int = 1):
        """Run a command the model allows (it must write `new_events` events) or refuses (it
        must raise a DomainError and write nothing)."""
        before = self.stored  # what the store held after the last step (checked then)
        if not allowed:
            with pytest.raises(DomainError):
                call()
            assert self.versions() == before, "a refused command wrote events"
            return None
        result = call()
        self.stored = self.versions()
        assert self.stored == before + list(range(len(before) + 1, len(before) + 1 + new_events))
        self.last = result[0] if isinstance(result, tuple) else result
        return result

    # -- intake --------------------------------------------------------------------------

    @initialize(tier=st.sampled_from([t.value for t in Tier]),
                by=st.sampled_from(["agent", "supervisor"]),
                start=st.sampled_from(["filed", "taken", "responded", "closed"]))
    def file(self, tier, by, start):
        """A fresh claim per example, filed and then (some way) along its usual path."""
        actor = self.team[by]
        # An order of its own: examples share the database, and payments on one order hold
        # the next one for a supervisor (the duplicate-compensation guard).
        claim = a_filed_claim(self.app, actor, customer=a_customer(tier=tier),
                              order=an_order_of_its_own())
        self.claim_id = claim.id
        self.model = Model(tier=tier)
        self.last = claim
        self.walk(actor, start)
        self.stored = self.versions()

    def walk(self, actor: Actor, start: str) -> None:
        claim = self.last
        if start == "filed":
            return
        self.last = self.app.assign(actor, claim.id, actor.id)
        self.model.assignee = actor.id
        if start == "taken":
            return
        self.last = self.app.respond(actor, claim.id, "불편을 드려 죄송합니다", "phone")
        self.model.responded = True
        if start == "responded":
            return
        self.last = self.app.close_claim(actor, claim.id, resolution="resolved")
        self.model.closed = True

    # -- assignment, responses, notes, abuse ---------------------------------------------

    @rule(by=actors, to=actors)
    def assign(self, by, to):
        actor, assignee, m = self.actor(by), self.actor(to), self.model
        allowed = (not m.closed and actor.role in (Role.AGENT, Role.SUPERVISOR)
                   and assignee.role in (Role.AGENT, Role.SUPERVISOR)
                   and (actor.role == Role.SUPERVISOR
                        or (assignee.id == actor.id and m.assignee in (None, actor.id)))
                   and m.assignee != assignee.id)
        self.attempt(allowed, lambda: self.app.assign(actor, self.claim_id, assignee.id))
        if allowed:
            m.assignee = assignee.id

    @rule(by=actors, message=texts, channel=with_invalid(Channel, "fax"))
    def respond(self, by, message, channel):
        actor = self.actor(by)
        allowed = self.may_work_open(actor) and message.strip() != "" and channel != "fax"
        self.attempt(allowed, lambda: self.app.respond(actor, self.claim_id, message, channel))
        if allowed:
            self.model.responded = True

    @rule(by=actors, text=texts)
    def note(self, by, text):
        actor = self.actor(by)
        allowed = self.may_change(actor) and text.strip() != ""
        self.attempt(allowed, lambda: self.app.add_note(actor, self.claim_id, text))
        if allowed:
            self.model.notes += 1

    @rule(by=actors, kind=with_invalid(AbuseKind, "rude"))
    def report_abuse(self, by, kind):
        actor = self.actor(by)
        allowed = self.may_work_open(actor) and kind != "rude"
        self.attempt(allowed, lambda: self.app.report_abuse(actor, self.claim_id, kind=kind,
                                                            details="욕설"))
        if allowed:
            self.model.abuse_reports += 1

    # -- fact checks ---------------------------------------------------------------------

    @rule(by=actors, kind=with_invalid(VendorKind, "bank"),
          due_in_hours=st.one_of(st.none(), st.integers(-2, 96)))
    def request_fact_check(self, by, kind, due_in_hours):
        actor, m = self.actor(by), self.model
        due = None if due_in_hours is None else self.clock.now() + timedelta(hours=due_in_hours)
        allowed = (self.may_work_open(actor) and kind != "bank"
                   and (due_in_hours is None or due_in_hours > 0))
        result = self.attempt(allowed, lambda: self.app.request_fact_check(
            actor, self.claim_id, vendor_id="M-9", vendor_kind=kind, question="영업 여부 확인",
            due_at=due))
        if allowed:
            fact_check_id = result.fact_checks[-1].id
            assert fact_check_id == f"fc-{len(m.fact_checks) + 1}"
            m.fact_checks[fact_check_id] = "open"

    @rule(by=actors, pick=picks, finding=with_invalid(Finding, "maybe"))
    def answer_fact_check(self, by, pick, finding):
        actor, m = self.actor(by), self.model
        fact_check_id = pick_id(list(m.fact_checks), self.open_fact_checks(), pick, "fc")
        allowed = (self.may_work_open(actor) and m.fact_checks.get(fact_check_id) == "open"
                   and finding != "maybe")
        self.attempt(allowed, lambda: self.app.answer_fact_check(
            actor, self.claim_id, fact_check_id, finding=finding, details="확인함",
            evidence=["photo-1"]))
        if allowed:
            m.fact_checks[fact_check_id] = "answered"

    @rule(by=actors, pick=picks)
    def cancel_fact_check(self, by, pick):
        actor, m = self.actor(by), self.model
        fact_check_id = pick_id(list(m.fact_checks), self.open_fact_checks(), pick, "fc")
        allowed = self.may_work_open(actor) and m.fact_checks.get(fact_check_id) == "open"
        self.attempt(allowed, lambda: self.app.cancel_fact_check(
            actor, self.claim_id, fact_check_id, reason="불필요"))
        if allowed:
            m.fact_checks[fact_check_id] = "cancelled"

    # -- decisions -----------------------------------------------------------------------

    @command(by=actors, remedy=with_invalid(Remedy, "cash"), amount=amounts, rationale=texts)
    def propose_decision(self, by, remedy, amount, rationale):
        actor, m = self.actor(by), self.model
        no_amount = remedy in (Remedy.APOLOGY, Remedy.REJECT)
        allowed = (self.may_work_open(actor) and remedy != "cash" and amount >= 0
                   and not (no_amount and amount > 0) and rationale.strip() != "")
        result = self.attempt(allowed, lambda: self.app.propose_decision(
            actor, self.claim_id, remedy=remedy, amount_krw=amount, rationale=rationale))
        if allowed:
            decision_id = result.decisions[-1].id
            assert decision_id == f"d-{len(m.decisions) + 1}"
            paid = any(a > 0 and s == "approved" for a, _, s in m.decisions.values())
            held = amount > 0 and paid  # the order was compensated already
            status = ("approved" if amount <= m.effective_limit(actor) and not held
                      else "pending_approval")
            m.decisions[decision_id] = (amount, actor.id, status)
            assert result.decision(decision_id).status == status

    @command(by=st.sampled_from(["supervisor", "senior"] * 2 + ["holder", "agent", "auditor"]),
          pick=picks, approved=st.booleans())
    def review_decision(self, by, pick, approved):
        actor, m = self.actor(by), self.model
        decision_id = pick_id(list(m.decisions), self.pending_decisions(), pick, "d")
        known = decision_id in m.decisions
        amount, proposer, status = m.decisions.get(decision_id, (0, None, None))
        allowed = (known and actor.role == Role.SUPERVISOR and actor.id != proposer
                   and status == "pending_approval" and amount <= m.effective_limit(actor))
        self.attempt(allowed, lambda: self.app.review_decision(
            actor, self.claim_id, decision_id, approved=approved, note="검토"))
        if allowed:
            m.decisions[decision_id] = (amount, proposer, "approved" if approved else "rejected")

    # -- agency escalations --------------------------------------------------------------

    @command(by=actors, agency=with_invalid(Agency, "police"),
          reference=st.sampled_from(["2026-1372-001", "2026-1372-002"]),
          stage=st.one_of(st.none(), st.sampled_from([s.value for s in Stage])),
          hours_ago=st.integers(-2, 72))
    def escalate(self, by, agency, reference, stage, hours_ago):
        actor, m = self.actor(by), self.model
        received_at = self.clock.now() - timedelta(hours=hours_ago)
        duplicate = any(e["agency"] == agency and e["reference"] == reference
                        for e in m.escalations.values())
        allowed = (self.may_work_open(actor) and agency != "police" and not duplicate
                   and received_at <= self.clock.now() + CLOCK_SKEW)
        result = self.attempt(allowed, lambda: self.app.escalate(
            actor, self.claim_id, agency=agency, agency_reference=reference,
            received_at=received_at, stage=stage))
        if allowed:
            escalation_id = result.escalations[-1].id
            assert escalation_id == f"e-{len(m.escalations) + 1}"
            first = stage or ("referred_to_mediation" if agency == "mediation_committee"
                              else "fact_inquiry")
            m.escalations[escalation_id] = dict(agency=agency, reference=reference,
                                                stage=Stage(first).rank, outcome=None)

    @command(by=actors, pick=picks, stage=st.sampled_from([s.value for s in Stage]))
    def advance_escalation(self, by, pick, stage):
        actor, m = self.actor(by), self.model
        escalation_id = pick_id(list(m.escalations), self.open_escalations(), pick, "e")
        escalation = m.escalations.get(escalation_id)
        allowed = (self.may_work_open(actor) and escalation is not None
                   and escalation["outcome"] is None and Stage(stage).rank > escalation["stage"])
        self.attempt(allowed, lambda: self.app.advance_escalation(
            actor, self.claim_id, escalation_id, stage=stage, details="조정 회부"))
        if allowed:
            escalation["stage"] = Stage(stage).rank

    @command(by=actors, pick=picks, message=texts)
    def reply_to_agency(self, by, pick, message):
        actor, m = self.actor(by), self.model
        escalation_id = pick_id(list(m.escalations), self.open_escalations(), pick, "e")
        escalation = m.escalations.get(escalation_id)
        allowed = (self.may_work_open(actor) and escalation is not None
                   and escalation["outcome"] is None and message.strip() != "")
        self.attempt(allowed, lambda: self.app.reply_to_agency(
            actor, self.claim_id, escalation_id, message))

    @command(by=actors, pick=picks, outcome=with_invalid(Outcome, "lost"))
    def conclude_escalation(self, by, pick, outcome):
        actor, m = self.actor(by), self.model
        escalation_id = pick_id(list(m.escalations), self.open_escalations(), pick, "e")
        escalation = m.escalations.get(escalation_id)
        allowed = (self.may_work_open(actor) and escalation is not None
                   and escalation["outcome"] is None and outcome != "lost")
        self.attempt(allowed, lambda: self.app.conclude_escalation(
            actor, self.claim_id, escalation_id, outcome=outcome, details="합의"))
        if allowed:
            escalation["outcome"] = outcome

    decisions = family("decisions", "propose_decision", "review_decision", "review_decision")
    agency_track = family("agency_track", "escalate", "advance_escalation", "reply_to_agency",
                          "conclude_escalation", "conclude_escalation")

    # -- closure, reopening, satisfaction, time --------------------------------------------

    @rule(by=actors, resolution=with_invalid(Resolution, "maybe"))
    def close(self, by, resolution):
        actor, m = self.actor(by), self.model
        open_fact_checks = [fc for fc, status in m.fact_checks.items() if status == "open"]
        allowed = (self.may_work_open(actor) and resolution != "maybe" and m.responded
                   and not any(s == "pending_approval" for _, _, s in m.decisions.values())
                   and not any(e["outcome"] is None for e in m.escalations.values()))
        self.attempt(allowed, lambda: self.app.close_claim(
            actor, self.claim_id, resolution=resolution, summary="환불 완료"),
            new_events=1 + len(open_fact_checks))
        if allowed:
            m.closed = True
            for fact_check_id in open_fact_checks:
                m.fact_checks[fact_check_id] = "cancelled"

    @rule(by=actors, reason=texts)
    def reopen(self, by, reason):
        actor, m = self.actor(by), self.model
        allowed = self.may_change(actor) and m.closed and reason.strip() != ""
        self.attempt(allowed, lambda: self.app.reopen(actor, self.claim_id, reason))
        if allowed:
            m.closed = False
            m.reopen_count += 1
            m.satisfaction = None

    @rule(by=actors, score=st.integers(-1, 11), via=with_invalid(SatisfactionVia, "sms"))
    def record_satisfaction(self, by, score, via):
        actor, m = self.actor(by), self.model
        allowed = self.may_change(actor) and m.closed and 0 <= score <= 10 and via != "sms"
        self.attempt(allowed, lambda: self.app.record_satisfaction(
            actor, self.claim_id, score=score, via=via, comment="친절했어요"))
        if allowed:
            m.satisfaction = score

    @rule(minutes=st.integers(1, 3 * 24 * 60))
    def time_passes(self, minutes):
        self.clock.advance(minutes=minutes)

    # -- invariants ----------------------------------------------------------------------

    @invariant()
    def stored_history_agrees_with_the_live_claim_and_the_model(self):
        # One load of each kind per step (no aggregate cache: get_claim replays too).
        live = self.app.get_claim(self.claim_id)
        events = list(self.app.events.get(self.claim_id))
        self.stored = [e.originator_version for e in events]
        self.check_status_and_facts(live)
        # Versions 1..N, nothing missing or doubled, N the claim's version.
        assert [e.originator_version for e in events] == list(range(1, live.version + 1))
        assert self.last.version == live.version
        # Replays: every event from scratch, and the latest snapshot plus the events after it.
        assert live._pending_events == []
        assert state_of(fold(events)) == state_of(live)
        assert state_of(self.last) == state_of(live)
        snapshots = list(self.app.snapshots.get(self.claim_id, desc=True, limit=1))
        if live.version >= SNAPSHOT_INTERVAL:
            assert snapshots, "no snapshot was taken"
            snapshot = snapshots[0]
            assert snapshot.originator_version == live.version - live.version % SNAPSHOT_INTERVAL
            later = [e for e in events if e.originator_version > snapshot.originator_version]
            assert state_of(fold(later, snapshot.mutate(None))) == state_of(live)
        else:
            assert not snapshots

    def check_status_and_facts(self, claim):
        assert claim.status.value == status_from_facts(claim) == self.model.status()
        assert claim.reopen_count == self.model.reopen_count
        assert len(claim.notes) == self.model.notes
        assert len(claim.abuse_reports) == self.model.abuse_reports
        assert claim.assignee == self.model.assignee
        assert (claim.first_response_at is not None) == self.model.responded
        assert (claim.satisfaction.score if claim.satisfaction else None) == self.model.satisfaction
        assert {fc.id: fc.status for fc in claim.fact_checks} == self.model.fact_checks
        assert {d.id: d.status for d in claim.decisions} == {
            d: s for d, (_, _, s) in self.model.decisions.items()}
        assert {e.id: e.outcome for e in claim.escalations} == {
            e: esc["outcome"] for e, esc in self.model.escalations.items()}
        assert ("abuse_reported" in claim.flags) == bool(self.model.abuse_reports)
        assert ("reopened" in claim.flags) == bool(self.model.reopen_count)

    @invariant()
    def a_closed_claim_accepts_only_reopening_satisfaction_and_notes(self):
        # Refused commands change nothing, so one round per closed state is enough.
        if not self.model.closed or self.closed_checked_at == self.last.version:
            return
        self.closed_checked_at = self.last.version
        senior = self.actor("senior")  # may change anything, approves up to 2M won x tier
        app, claim_id, now = self.app, self.claim_id, self.clock.now()
        fact_check_id = next(iter(self.model.fact_checks), "fc-1")
        decision_id = next(iter(self.model.decisions), "d-1")
        escalation_id = next(iter(self.model.escalations), "e-1")
        other = self.actor("other_agent" if self.model.assignee != self.actor("other_agent").id
                           else "agent")
        refused = [
            lambda: app.assign(senior, claim_id, other.id),
            lambda: app.respond(senior, claim_id, "추가 안내", "phone"),
            lambda: app.report_abuse(senior, claim_id, kind="threat"),
            lambda: app.request_fact_check(senior, claim_id, vendor_id="M-9",
                                           vendor_kind="merchant", question="재확인"),
            lambda: app.answer_fact_check(senior, claim_id, fact_check_id, finding="confirmed"),
            lambda: app.cancel_fact_check(senior, claim_id, fact_check_id),
            lambda: app.propose_decision(senior, claim_id, remedy="coupon", amount_krw=1_000,
                                         rationale="사과 쿠폰"),
            lambda: app.review_decision(senior, claim_id, decision_id, approved=True),
            lambda: app.escalate(senior, claim_id, agency="kca", agency_reference="2026-9999",
                                 received_at=now),
            lambda: app.advance_escalation(senior, claim_id, escalation_id,
                                           stage="mediation_decided"),
            lambda: app.reply_to_agency(senior, claim_id, escalation_id, "회신"),
            lambda: app.conclude_escalation(senior, claim_id, escalation_id, outcome="settled"),
            lambda: app.close_claim(senior, claim_id, resolution="resolved"),
        ]
        before = self.versions()
        for command in refused:
            with pytest.raises(DomainError):
                command()
        assert self.versions() == before


def test_claims_follow_the_rules_under_random_commands(composition, settings, team, clock):
    snapshotting = composition.services_for(replace(settings,
                                                    snapshot_interval=SNAPSHOT_INTERVAL))
    machine = type("ClaimMachineOnBackend", (ClaimMachine,),
                   {"services": snapshotting, "team": team})
    run_state_machine_as_test(machine, settings=hypothesis_settings(
        max_examples=40, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
