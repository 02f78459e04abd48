"""GET /staff and `casemgmt staff list`: staff by role, and whether a token still admits them."""
from __future__ import annotations

import json

import pytest

from casemgmt.cli import main
from tests.builders import Member

pytestmark = pytest.mark.own_store(
    "Counts and payments over the whole store: each test has one of its own.")

STAFF = "/api/v1/staff"


def listed(api, by=None, **query) -> list[dict]:
    return api.items(STAFF, by or api.team.supervisor, **query)


def test_a_supervisor_lists_the_agents_to_pick_an_assignee(api):
    agents = listed(api, role="agent")

    assert sorted((s["name"], s["role"], s["authority_limit"], s["active"]) for s in agents) == [
        ("박지은", "agent", 30_000, True), ("최서준", "agent", 30_000, True)]
    assert {s["id"] for s in agents} == {api.team.agent.id, api.team.other_agent.id}


def test_a_member_whose_tokens_are_revoked_is_inactive_until_a_new_one(api):
    app = api.services.casemgmt
    app.revoke_tokens_of(api.team.other_agent.id)

    inactive = listed(api, role="agent", active="false")
    app.issue_token(api.team.other_agent.id)
    back = listed(api, role="agent", active="true")

    assert [s["id"] for s in inactive] == [api.team.other_agent.id]
    assert {s["id"] for s in back} == {api.team.agent.id, api.team.other_agent.id}


def test_members_whose_tokens_expired_are_inactive(api, clock):
    clock.advance(days=91)  # past the 90-day token lifetime
    admin = api.team.admin
    token, _ = api.services.casemgmt.issue_token(admin.id)  # the admin alone signs in again

    active = listed(api, Member(id=admin.id, actor=admin.actor, token=token), active="true")

    assert [s["id"] for s in active] == [admin.id]


def test_a_role_change_moves_the_member_between_lists(api):
    api.services.casemgmt.change_staff(api.team.other_agent.id, role="supervisor")

    assert api.team.other_agent.id in {s["id"] for s in listed(api, role="supervisor")}
    assert api.team.other_agent.id not in {s["id"] for s in listed(api, role="agent")}


def test_pages_follow_the_cursor_through_every_member(api):
    first = api.get(STAFF, api.team.admin, query_string={"limit": 4}).get_json()

    rest = listed(api, api.team.admin, limit=4, cursor=first["next_cursor"])

    assert len(first["items"]) == 4
    # in order of registration; the team registered at one moment, so by id
    assert [s["id"] for s in first["items"] + rest] == sorted(m.id for m in api.team.members())


@pytest.mark.parametrize("role", ["agent", "auditor", "scheduler"])
def test_only_supervisors_and_admins_list_staff(api, role):
    assert api.get(STAFF, getattr(api.team, role)).status_code == 403


def test_a_cursor_not_given_out_is_refused(api):
    assert api.get(STAFF, api.team.admin, query_string={"cursor": "bm90IG9uZQ"}).status_code == 400


def test_the_command_line_prints_one_json_line_per_member(api, database_url, monkeypatch, capsys):
    monkeypatch.setenv("CASEMGMT_DATABASE_URL", database_url)

    status = main(["staff", "list", "--role", "supervisor"])

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert status == 0
    assert sorted((s["name"], s["authority_limit"], s["active"]) for s in lines) == [
        ("이영희", 500_000, True), ("정하늘", 2_000_000, True)]
