"""Refusals particular to each command: the claim's state (409), a broken rule (422), an unknown
part (404), and who may act (403); each answers problem+json and writes nothing."""
from __future__ import annotations

import pytest

from tests.api import commands as c
from tests.api.commands import COMMAND, PART_COMMANDS
from tests.http import a_problem, writes_nothing

STATE_CONFLICTS = [
    # command, claim arranged so, body (None: the command's usual one), sender, rule
    ("assignment", c.closed, None, "supervisor", "claim.closed"),
    ("assignment", c.in_hand, None, "agent", "assignment.unchanged"),
    ("responses", c.closed, None, "agent", "claim.closed"),
    ("fact-checks", c.closed, None, "agent", "claim.closed"),
    ("fact-check answer", c.with_answered_fact_check, None, "agent", "fact_check.not_open"),
    ("fact-check cancellation", c.with_answered_fact_check, None, "agent", "fact_check.not_open"),
    ("decisions", c.closed, None, "agent", "claim.closed"),
    ("decision approval", c.with_approved_decision, None, "supervisor", "approval.not_pending"),
    ("escalations", c.escalated, {"agency": "kca", "agency_reference": "KCA-2026-0001",
                                  "received_at": "2026-11-20T09:00:00+09:00"},
     "agent", "escalation.duplicate"),
    ("escalation stage", c.escalated, {"stage": "fact_inquiry"}, "agent",
     "escalation.stage_backwards"),
    ("agency reply", c.with_concluded_escalation, None, "agent", "escalation.concluded"),
    ("escalation outcome", c.with_concluded_escalation, None, "agent", "escalation.concluded"),
    ("closure", c.in_hand, None, "agent", "closure.no_response"),
    ("closure", c.with_pending_decision, None, "agent", "closure.decision_pending"),
    ("closure", c.escalated, None, "agent", "closure.escalation_open"),
    ("closure", c.closed, None, "agent", "claim.closed"),
    ("reopening", c.responded, None, "agent", "reopening.not_closed"),
    ("satisfaction", c.responded, None, "agent", "satisfaction.not_closed"),
    ("abuse-reports", c.closed, None, "agent", "claim.closed"),
]

BROKEN_RULES = [
    # command, body, the field the problem names
    ("assignment", {"assignee": "no-such-staff-member"}, "assignee"),
    ("assignment", {"assignee": ""}, "assignee"),
    ("responses", {"message": "   ", "channel": "phone"}, "message"),
    ("responses", {"message": "연락드립니다", "channel": "fax"}, "channel"),
    ("fact-checks", {"vendor": {"id": "M-9", "kind": "merchant"}, "question": "?",
                     "due_at": "2026-11-19T10:00:00+09:00"}, "due_at"),
    ("fact-checks", {"vendor": {"id": "M-9", "kind": "merchant"}, "question": "?",
                     "due_at": "2026-11-30T10:00:00"}, "due_at"),
    ("fact-checks", {"vendor": {"id": "M-9", "kind": "bank"}, "question": "?"}, "vendor.kind"),
    ("fact-check answer", {"finding": "maybe"}, "finding"),
    ("fact-check cancellation", {"reason": "x" * 5_001}, "reason"),
    ("decisions", {"remedy": "apology", "amount_krw": 5_000, "rationale": "사과"}, "amount_krw"),
    ("decisions", {"remedy": "coupon", "amount_krw": 5_000}, "rationale"),
    ("decisions", {"remedy": "coupon", "amount_krw": -1, "rationale": "쿠폰"}, "amount_krw"),
    ("decisions", {"remedy": "coupon", "amount_krw": "5000", "rationale": "쿠폰"}, "amount_krw"),
    ("decision approval", {"approved": "perhaps"}, "approved"),
    ("decision approval", {"note": "좋습니다"}, "approved"),
    ("escalations", {"agency": "kca", "agency_reference": "KCA-1",
                     "received_at": "2026-12-25T09:00:00+09:00"}, "received_at"),
    ("escalations", {"agency": "fss", "agency_reference": "FSS-1",
                     "received_at": "2026-11-20T09:00:00+09:00"}, "agency"),
    ("escalation stage", {"stage": "appeal"}, "stage"),
    ("escalation stage", {"stage": "settlement_recommended", "at": "2027-01-01T00:00:00+09:00"},
     "at"),
    ("agency reply", {"message": ""}, "message"),
    ("escalation outcome", {"outcome": "won"}, "outcome"),
    ("closure", {"resolution": "fixed"}, "resolution"),
    ("reopening", {"reason": "  "}, "reason"),
    ("satisfaction", {"score": 11, "via": "survey"}, "score"),
    ("satisfaction", {"score": 9.5, "via": "survey"}, "score"),
    ("satisfaction", {"score": 9, "via": "email"}, "via"),
    ("notes", {"text": ""}, "text"),
    ("abuse-reports", {"kind": "rudeness"}, "kind"),
]


@pytest.mark.parametrize("name, arrange, body, sender, rule", STATE_CONFLICTS,
                         ids=[f"{case[0]}-{case[4]}" for case in STATE_CONFLICTS])
def test_a_command_the_claims_state_forbids_is_refused_with_409(api, name, arrange, body,
                                                                sender, rule):
    command = COMMAND[name]
    claim_id = arrange(api.services.casemgmt, api.team)

    with writes_nothing(api, claim_id):
        response = api.post(command.url(claim_id), body or command.body(api.team),
                            getattr(api.team, sender))

    assert a_problem(response, 409)["rule"] == rule


@pytest.mark.parametrize("name, body, field", BROKEN_RULES,
                         ids=[f"{case[0]}-{case[2]}" for case in BROKEN_RULES])
def test_a_well_formed_body_that_breaks_a_rule_is_refused_with_422(api, name, body, field):
    command = COMMAND[name]
    claim_id = command.arrange(api.services.casemgmt, api.team)
    sender = getattr(api.team, command.by)

    with writes_nothing(api, claim_id):
        response = api.post(command.url(claim_id), body, sender)

    problem = a_problem(response, 422)
    assert field in problem["errors"], problem


@pytest.mark.parametrize("command", PART_COMMANDS, ids=str)
def test_a_command_on_an_unknown_part_of_the_claim_is_refused_with_404(api, command):
    claim_id = command.arrange(api.services.casemgmt, api.team)

    with writes_nothing(api, claim_id):
        response = api.post(command.url(claim_id, fc="fc-9", d="d-9", e="e-9"),
                            command.body(api.team), getattr(api.team, command.by))

    assert a_problem(response, 404)["rule"].endswith(".unknown")


def a_large_decision_by(proposer: str):
    """A claim in the proposer's hand with an 800,000-won refund awaiting approval."""
    def arrange(app, team) -> str:
        member = getattr(team, proposer).actor
        claim_id = c.filed(app, team)
        app.assign(team.supervisor.actor, claim_id, member.id)
        app.respond(member, claim_id, "확인 중입니다", "phone")
        app.propose_decision(member, claim_id, remedy="refund", amount_krw=800_000,
                             rationale="위약금 포함 환불")
        return claim_id
    return arrange


AUTHORITY = [
    # arranged claim, command, body, sender, rule
    (c.in_hand, "assignment", lambda t: {"assignee": t.other_agent.id}, "other_agent",
     "assignment.taken"),
    (c.filed, "assignment", lambda t: {"assignee": t.other_agent.id}, "agent",
     "assignment.agent_self_only"),
    (c.filed, "assignment", lambda t: {"assignee": t.auditor.id}, "supervisor",
     "assignment.assignee_role"),
    (a_large_decision_by("agent"), "decision approval", lambda t: {"approved": True},
     "supervisor", "approval.beyond_authority"),
    (a_large_decision_by("supervisor"), "decision approval", lambda t: {"approved": False},
     "supervisor", "approval.not_proposer"),
]


@pytest.mark.parametrize("arrange, name, body, sender, rule", AUTHORITY,
                         ids=[case[4] for case in AUTHORITY])
def test_who_may_assign_and_approve_is_enforced_with_403(api, arrange, name, body, sender, rule):
    claim_id = arrange(api.services.casemgmt, api.team)

    with writes_nothing(api, claim_id):
        response = api.post(COMMAND[name].url(claim_id), body(api.team), getattr(api.team, sender))

    assert a_problem(response, 403)["rule"] == rule


def test_an_agents_approval_is_refused_before_the_claim_is_read(api):
    """Only supervisors approve: the operation admits no one else (x-roles: supervisor)."""
    claim_id = c.with_pending_decision(api.services.casemgmt, api.team)

    with writes_nothing(api, claim_id):
        response = api.post(COMMAND["decision approval"].url(claim_id), {"approved": True},
                            api.team.agent)

    a_problem(response, 403, "role-not-allowed")
