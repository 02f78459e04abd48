"""Assignment: supervisors assign anyone who does casework; agents take claims for themselves."""
from __future__ import annotations

import pytest

from casemgmt.domain.errors import NotPermitted, StateConflict
from tests.builders import (
    AGENT, NOW, OTHER_AGENT, READ_ONLY, SENIOR, STAFF, SUPERVISOR, a_claim, event_names, replayed,
)
from tests.expect import refused


def test_a_supervisor_assigns_a_claim_to_an_agent():
    claim = a_claim()

    claim.assign(OTHER_AGENT, by=SUPERVISOR, at=NOW)

    stored = replayed(claim)
    assert stored.assignee == OTHER_AGENT.id
    assert stored.handlers == [OTHER_AGENT.id]
    assert stored.status == "in_progress"


def test_the_assignment_names_who_assigned():
    claim = a_claim()
    claim.collect_events()

    claim.assign(OTHER_AGENT, by=SUPERVISOR, at=NOW)

    [assigned] = claim.collect_events()
    assert (type(assigned).__name__, assigned.by, assigned.at) == ("Assigned", SUPERVISOR.id, NOW)


def test_a_supervisor_may_hand_a_heated_claim_to_another_supervisor():
    claim = a_claim(held_by=AGENT)

    claim.assign(SENIOR, by=SUPERVISOR, at=NOW)

    assert claim.assignee == SENIOR.id
    assert replayed(claim).handlers == [AGENT.id, SENIOR.id]


def test_a_supervisor_reassigns_and_the_previous_agent_loses_the_claim():
    claim = a_claim(held_by=AGENT)
    claim.assign(OTHER_AGENT, by=SUPERVISOR, at=NOW)
    claim.collect_events()

    with refused(NotPermitted, "assignment.not_yours"):
        claim.respond("제가 다시 연락드릴게요", "phone", by=AGENT, at=NOW)

    assert claim.collect_events() == []


def test_the_new_assignee_works_on_a_reassigned_claim():
    claim = a_claim(held_by=AGENT)
    claim.assign(OTHER_AGENT, by=SUPERVISOR, at=NOW)

    claim.respond("담당자가 변경되었습니다", "phone", by=OTHER_AGENT, at=NOW)

    assert [r.by for r in claim.responses] == [OTHER_AGENT.id]


def test_an_agent_takes_an_unassigned_claim():
    claim = a_claim(filed_by=SUPERVISOR)

    claim.assign(AGENT, by=AGENT, at=NOW)

    assert claim.assignee == AGENT.id
    assert event_names(claim.collect_events()) == ["Filed", "Assigned"]


def test_an_agent_may_not_assign_a_claim_to_someone_else():
    claim = a_claim()
    claim.collect_events()

    with refused(NotPermitted, "assignment.agent_self_only"):
        claim.assign(OTHER_AGENT, by=AGENT, at=NOW)

    assert claim.collect_events() == []
    assert claim.assignee is None


def test_an_agent_may_not_take_a_claim_another_agent_holds():
    claim = a_claim(held_by=OTHER_AGENT)
    claim.collect_events()

    with refused(NotPermitted, "assignment.taken"):
        claim.assign(AGENT, by=AGENT, at=NOW)

    assert claim.collect_events() == []
    assert claim.assignee == OTHER_AGENT.id


@pytest.mark.parametrize("position", READ_ONLY)
def test_a_claim_cannot_be_assigned_to_someone_who_does_no_casework(position):
    claim = a_claim()
    claim.collect_events()

    with refused(NotPermitted, "assignment.assignee_role"):
        claim.assign(STAFF[position], by=SUPERVISOR, at=NOW)

    assert claim.collect_events() == []


@pytest.mark.parametrize("position", READ_ONLY)
def test_read_only_roles_may_not_assign(position):
    claim = a_claim()
    claim.collect_events()

    with refused(NotPermitted, "role.casework"):
        claim.assign(AGENT, by=STAFF[position], at=NOW)

    assert claim.collect_events() == []


def test_assigning_to_the_current_assignee_again_is_a_conflict():
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(StateConflict, "assignment.unchanged"):
        claim.assign(AGENT, by=SUPERVISOR, at=NOW)

    assert claim.collect_events() == []
    assert claim.version == 2


def test_an_agent_taking_their_own_claim_again_is_a_conflict():
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(StateConflict, "assignment.unchanged"):
        claim.assign(AGENT, by=AGENT, at=NOW)

    assert claim.collect_events() == []


def test_a_closed_claim_cannot_be_assigned():
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(StateConflict, "claim.closed"):
        claim.assign(OTHER_AGENT, by=SUPERVISOR, at=NOW)

    assert claim.collect_events() == []


@pytest.mark.parametrize("position", ["auditor", "scheduler"])
def test_a_read_only_role_is_refused_for_its_role_even_on_a_closed_claim(position):
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(NotPermitted, "role.casework"):
        claim.assign(OTHER_AGENT, by=STAFF[position], at=NOW)

    assert claim.collect_events() == []
