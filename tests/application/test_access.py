"""The object rule: agents change only their own claims, supervisors any, read-only roles none."""
from __future__ import annotations

from datetime import timedelta

import pytest

from casemgmt.domain.errors import NotPermitted
from tests.application.expect import refused, stored_events
from tests.builders import a_claim_in_hand, a_filed_claim


def _commands(app, clock):
    """Every command on an open claim, as (name, call(actor, claim_id))."""
    received = clock.now() - timedelta(days=1)
    return {
        "respond": lambda who, cid: app.respond(who, cid, "확인 중입니다", "chat"),
        "add_note": lambda who, cid: app.add_note(who, cid, "고객이 오후 통화를 원함"),
        "report_abuse": lambda who, cid: app.report_abuse(who, cid, kind="verbal_abuse"),
        "request_fact_check": lambda who, cid: app.request_fact_check(
            who, cid, vendor_id="M-9", vendor_kind="merchant", question="휴업일이 언제였나요?"),
        "propose_decision": lambda who, cid: app.propose_decision(
            who, cid, remedy="coupon", amount_krw=5_000, rationale="두 번의 헛걸음에 대한 보상"),
        "escalate": lambda who, cid: app.escalate(
            who, cid, agency="kca", agency_reference="KCA-2026-1", received_at=received),
        "close_claim": lambda who, cid: app.close_claim(who, cid, resolution="withdrawn"),
    }


COMMANDS = ["respond", "add_note", "report_abuse", "request_fact_check", "propose_decision",
            "escalate", "close_claim"]


@pytest.mark.parametrize("command", COMMANDS)
def test_an_agent_may_not_change_another_agents_claim(app, team, clock, command):
    claim = a_claim_in_hand(app, team.other_agent)

    with refused(NotPermitted, "assignment.not_yours"):
        _commands(app, clock)[command](team.agent, claim.id)

    assert len(stored_events(app, claim.id)) == claim.version


@pytest.mark.parametrize("command", ["respond", "add_note", "request_fact_check"])
def test_an_agent_may_not_change_an_unassigned_claim_before_taking_it(app, team, clock, command):
    claim = a_filed_claim(app, team.agent)

    with refused(NotPermitted, "assignment.not_yours"):
        _commands(app, clock)[command](team.agent, claim.id)


@pytest.mark.parametrize("role", ["auditor", "scheduler", "admin"])
@pytest.mark.parametrize("command", COMMANDS)
def test_read_only_roles_change_no_claim(app, team, clock, role, command):
    claim = a_claim_in_hand(app, team.agent)

    with refused(NotPermitted, "role.casework"):
        _commands(app, clock)[command](getattr(team, role), claim.id)

    assert len(stored_events(app, claim.id)) == claim.version


@pytest.mark.parametrize("command", ["respond", "add_note", "report_abuse", "request_fact_check",
                                     "propose_decision", "escalate"])
def test_a_supervisor_may_change_a_claim_held_by_an_agent(app, team, clock, command):
    claim = a_claim_in_hand(app, team.agent)

    _commands(app, clock)[command](team.supervisor, claim.id)

    events = stored_events(app, claim.id)
    assert len(events) == claim.version + 1
    assert events[-1].by == team.supervisor.id


def test_an_agent_may_not_work_on_a_fact_check_of_another_agents_claim(app, team):
    claim = a_claim_in_hand(app, team.other_agent)
    fact_check = app.request_fact_check(team.other_agent, claim.id, vendor_id="M-9",
                                           vendor_kind="merchant", question="영업일 확인").fact_checks[-1].id

    with refused(NotPermitted, "assignment.not_yours"):
        app.answer_fact_check(team.agent, claim.id, fact_check, finding="confirmed")
    with refused(NotPermitted, "assignment.not_yours"):
        app.cancel_fact_check(team.agent, claim.id, fact_check)

    assert app.get_claim(claim.id).fact_check(fact_check).status == "open"


def test_an_agent_may_not_work_on_an_escalation_of_another_agents_claim(app, team, clock):
    claim = a_claim_in_hand(app, team.other_agent)
    escalation = app.escalate(team.other_agent, claim.id, agency="kca_1372",
                                 agency_reference="1372-77", received_at=clock.now()).escalations[-1].id

    with refused(NotPermitted, "assignment.not_yours"):
        app.reply_to_agency(team.agent, claim.id, escalation, "사실관계 회신")
    with refused(NotPermitted, "assignment.not_yours"):
        app.advance_escalation(team.agent, claim.id, escalation, stage="settlement_recommended")
    with refused(NotPermitted, "assignment.not_yours"):
        app.conclude_escalation(team.agent, claim.id, escalation, outcome="settled")
