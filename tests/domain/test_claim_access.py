"""The object rule: agents change only their own claims, supervisors any, read-only roles none."""
from __future__ import annotations

from datetime import timedelta

import pytest

from casemgmt.domain.errors import NotPermitted
from tests.builders import AGENT, NOW, OTHER_AGENT, POLICY, READ_ONLY, STAFF, SUPERVISOR, a_claim
from tests.expect import refused

YESTERDAY = NOW - timedelta(days=1)

#: Every command on an open claim, as call(claim, actor).
COMMANDS = {
    "respond": lambda claim, by: claim.respond("확인 중입니다", "chat", by=by, at=NOW),
    "add_note": lambda claim, by: claim.add_note("고객이 오후 통화를 원함", by=by, at=NOW),
    "report_abuse": lambda claim, by: claim.report_abuse("verbal_abuse", None, by=by, at=NOW),
    "request_fact_check": lambda claim, by: claim.request_fact_check(
        "M-9", "merchant", "휴업일이 언제였나요?", None, by=by, at=NOW),
    "propose_decision": lambda claim, by: claim.propose_decision(
        "coupon", 5_000, "두 번의 헛걸음에 대한 보상", by=by, at=NOW, policy=POLICY),
    "escalate": lambda claim, by: claim.escalate("kca", "KCA-2026-1", YESTERDAY, None, by=by,
                                                 at=NOW),
    "close_claim": lambda claim, by: claim.close("withdrawn", None, by=by, at=NOW),
}


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_agent_may_not_change_another_agents_claim(command):
    claim = a_claim(responded_by=OTHER_AGENT)
    claim.collect_events()

    with refused(NotPermitted, "assignment.not_yours"):
        COMMANDS[command](claim, AGENT)

    assert claim.collect_events() == []


@pytest.mark.parametrize("command", ["respond", "add_note", "request_fact_check"])
def test_an_agent_may_not_change_an_unassigned_claim_before_taking_it(command):
    claim = a_claim(filed_by=AGENT)
    claim.collect_events()

    with refused(NotPermitted, "assignment.not_yours"):
        COMMANDS[command](claim, AGENT)

    assert claim.collect_events() == []


@pytest.mark.parametrize("position", READ_ONLY)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_read_only_roles_change_no_claim(command, position):
    claim = a_claim(responded_by=AGENT)
    claim.collect_events()

    with refused(NotPermitted, "role.casework"):
        COMMANDS[command](claim, STAFF[position])

    assert claim.collect_events() == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_supervisor_may_change_a_claim_held_by_an_agent(command):
    claim = a_claim(responded_by=AGENT)
    claim.collect_events()

    COMMANDS[command](claim, SUPERVISOR)

    events = claim.collect_events()
    assert len(events) == 1
    assert (events[0].by, events[0].at) == (SUPERVISOR.id, NOW)


def test_an_agent_may_not_work_on_a_fact_check_of_another_agents_claim():
    claim = a_claim(held_by=OTHER_AGENT)
    fact_check_id = claim.request_fact_check("M-9", "merchant", "영업일 확인", None,
                                             by=OTHER_AGENT, at=NOW)
    claim.collect_events()

    with refused(NotPermitted, "assignment.not_yours"):
        claim.answer_fact_check(fact_check_id, "confirmed", None, [], by=AGENT, at=NOW)
    with refused(NotPermitted, "assignment.not_yours"):
        claim.cancel_fact_check(fact_check_id, None, by=AGENT, at=NOW)

    assert claim.collect_events() == []
    assert claim.fact_check(fact_check_id).status == "open"


def test_an_agent_may_not_work_on_an_escalation_of_another_agents_claim():
    claim = a_claim(held_by=OTHER_AGENT)
    escalation_id = claim.escalate("kca_1372", "1372-77", NOW, None, by=OTHER_AGENT, at=NOW)
    claim.collect_events()

    with refused(NotPermitted, "assignment.not_yours"):
        claim.reply_to_agency(escalation_id, "사실관계 회신", by=AGENT, at=NOW)
    with refused(NotPermitted, "assignment.not_yours"):
        claim.advance_escalation(escalation_id, "settlement_recommended", None, None, by=AGENT,
                                 at=NOW)
    with refused(NotPermitted, "assignment.not_yours"):
        claim.conclude_escalation(escalation_id, "settled", None, by=AGENT, at=NOW)

    assert claim.collect_events() == []
    assert claim.escalation(escalation_id).stage == "fact_inquiry"


@pytest.mark.parametrize("position", READ_ONLY)
def test_read_only_roles_record_no_satisfaction_and_reopen_nothing(position):
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(NotPermitted, "role.casework"):
        claim.record_satisfaction(8, "survey", None, by=STAFF[position], at=NOW)
    with refused(NotPermitted, "role.casework"):
        claim.reopen("재문의", by=STAFF[position], at=NOW)

    assert claim.collect_events() == []
