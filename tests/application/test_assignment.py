"""Assignment: supervisors assign anyone who does casework; agents take claims for themselves."""
from __future__ import annotations

import uuid

import pytest

from casemgmt.application.errors import ClaimNotFound, StaffNotFound
from casemgmt.domain.errors import NotPermitted, StateConflict
from tests.application.expect import event_types, refused, stored_events
from tests.builders import a_claim_in_hand, a_filed_claim, a_responded_claim


def test_a_supervisor_assigns_a_claim_to_an_agent(app, team, reread):
    claim = a_filed_claim(app, team.agent)

    app.assign(team.supervisor, claim.id, team.other_agent.id)

    stored = reread(claim.id)
    assert stored.assignee == team.other_agent.id
    assert stored.status == "in_progress"
    assert stored_events(app, claim.id)[-1].by == team.supervisor.id


def test_a_supervisor_may_hand_a_heated_claim_to_another_supervisor(app, team):
    claim = a_claim_in_hand(app, team.agent)

    assigned = app.assign(team.supervisor, claim.id, team.senior.id)

    assert assigned.assignee == team.senior.id


def test_a_supervisor_reassigns_and_the_previous_agent_loses_the_claim(app, team):
    claim = a_claim_in_hand(app, team.agent)

    app.assign(team.supervisor, claim.id, team.other_agent.id)

    with refused(NotPermitted, "assignment.not_yours"):
        app.respond(team.agent, claim.id, "제가 다시 연락드릴게요", "phone")
    assert app.respond(team.other_agent, claim.id, "담당자가 변경되었습니다", "phone").responses


def test_an_agent_takes_an_unassigned_claim(app, team):
    claim = a_filed_claim(app, team.supervisor)

    taken = app.assign(team.agent, claim.id, team.agent.id)

    assert taken.assignee == team.agent.id
    assert event_types(app, claim.id) == ["Filed", "Assigned"]


def test_an_agent_may_not_assign_a_claim_to_someone_else(app, team):
    claim = a_filed_claim(app, team.agent)

    with refused(NotPermitted, "assignment.agent_self_only"):
        app.assign(team.agent, claim.id, team.other_agent.id)

    assert app.get_claim(claim.id).assignee is None


def test_an_agent_may_not_take_a_claim_another_agent_holds(app, team):
    claim = a_claim_in_hand(app, team.other_agent)

    with refused(NotPermitted, "assignment.taken"):
        app.assign(team.agent, claim.id, team.agent.id)

    assert app.get_claim(claim.id).assignee == team.other_agent.id


@pytest.mark.parametrize("role", ["auditor", "scheduler", "admin"])
def test_a_claim_cannot_be_assigned_to_someone_who_does_no_casework(app, team, role):
    claim = a_filed_claim(app, team.agent)

    with refused(NotPermitted, "assignment.assignee_role"):
        app.assign(team.supervisor, claim.id, getattr(team, role).id)


@pytest.mark.parametrize("role", ["auditor", "scheduler", "admin"])
def test_read_only_roles_may_not_assign(app, team, role):
    claim = a_filed_claim(app, team.agent)

    with refused(NotPermitted, "role.casework"):
        app.assign(getattr(team, role), claim.id, team.agent.id)


def test_assigning_to_the_current_assignee_again_is_a_conflict(app, team):
    claim = a_claim_in_hand(app, team.agent)

    with refused(StateConflict, "assignment.unchanged"):
        app.assign(team.supervisor, claim.id, team.agent.id)

    assert app.get_claim(claim.id).version == claim.version


def test_an_agent_taking_their_own_claim_again_is_a_conflict(app, team):
    claim = a_claim_in_hand(app, team.agent)

    with refused(StateConflict, "assignment.unchanged"):
        app.assign(team.agent, claim.id, team.agent.id)


@pytest.mark.parametrize("staff_id", [str(uuid.uuid4()), "nobody", ""])
def test_assigning_to_an_unknown_staff_member_is_refused(app, team, staff_id):
    claim = a_filed_claim(app, team.agent)

    with pytest.raises(StaffNotFound):
        app.assign(team.supervisor, claim.id, staff_id)

    assert app.get_claim(claim.id).version == 1


def test_a_claim_id_is_not_a_staff_id(app, team):
    claim = a_filed_claim(app, team.agent)

    with pytest.raises(StaffNotFound):
        app.assign(team.supervisor, claim.id, str(claim.id))


def test_assigning_an_unknown_claim_is_refused(app, team):
    with pytest.raises(ClaimNotFound):
        app.assign(team.supervisor, uuid.uuid4(), team.agent.id)


def test_a_closed_claim_cannot_be_assigned(app, team):
    claim = a_responded_claim(app, team.agent)
    app.close_claim(team.agent, claim.id, resolution="resolved")

    with refused(StateConflict, "claim.closed"):
        app.assign(team.supervisor, claim.id, team.other_agent.id)


@pytest.mark.parametrize("role", ["auditor", "scheduler"])
def test_a_read_only_role_is_refused_for_its_role_even_on_a_closed_claim(app, team, role):
    claim = a_responded_claim(app, team.agent)
    app.close_claim(team.agent, claim.id, resolution="resolved")

    with refused(NotPermitted, "role.casework"):
        app.assign(getattr(team, role), claim.id, team.other_agent.id)
