"""OWASP API1:2023 Broken Object Level Authorization — an id in the path is not a key to the
object behind it.

Every command on a claim (each POST under /claims/{claim_id}/ in /openapi.json) sent by another
agent to a claim assigned to the agent is refused with 403 and writes nothing; the same
request from the assignee is not refused (a control). Reads go by role, as API.md says:
caseworkers, auditors and the scheduler read any claim (the work queue is shared), the history
is for supervisors and auditors, admins read no claim; an agent reads only their own authority
ledger. (Idempotency-Keys are per staff member, so no one replays another's stored response:
tests/api/test_intake.py.)
"""
from __future__ import annotations

from tests.http import CLAIMS, a_problem, writes_nothing
from tests.owasp.build import a_claim_with_every_part, body_for, path_values, send


def claim_commands(ops):
    return [op for op in ops if op.method == "post" and op.path.startswith("/api/v1/claims/{")]


def test_another_agent_changes_no_part_of_an_agents_claim(api, doc, ops, world):
    app, team = api.services.casemgmt, api.team
    commands = claim_commands(ops)
    assert len(commands) >= 16

    for op in commands:
        claim_id = a_claim_with_every_part(app, team)
        url = op.url(path_values(op, team.other_agent, world, claim_id))
        with writes_nothing(api, claim_id):
            response = send(api, op, team.other_agent, url=url,
                            body=body_for(doc, op, team.other_agent, world))
        a_problem(response, 403)
        if "agent" in op.roles:  # the assignee, sending the same request, is not refused
            mine = send(api, op, team.agent, url=url, body=body_for(doc, op, team.agent, world))
            assert mine.status_code != 403, (str(op), mine.get_json())


def test_an_unassigned_claim_is_taken_before_it_is_changed(api, world):
    team = api.team
    claim_id = api.file_claim(by=team.supervisor)["id"]

    with writes_nothing(api, claim_id):
        a_problem(api.post(f"{CLAIMS}/{claim_id}/notes", {"text": "메모"}, team.other_agent), 403)
    taken = api.post(f"{CLAIMS}/{claim_id}/assignment", {"assignee": team.other_agent.id},
                     team.other_agent)
    assert taken.status_code == 200
    with writes_nothing(api, claim_id):
        response = api.post(f"{CLAIMS}/{claim_id}/assignment", {"assignee": team.agent.id},
                            team.agent)
    a_problem(response, 403)


def test_reads_of_a_claim_go_by_role(api, world):
    team = api.team
    expected = {
        f"{CLAIMS}/{world.claim}": {"agent", "other_agent", "supervisor", "auditor", "scheduler"},
        f"{CLAIMS}/{world.claim}?version=1": {"agent", "other_agent", "supervisor", "auditor",
                                              "scheduler"},
        f"{CLAIMS}/{world.claim}/history": {"supervisor", "senior", "auditor"},
        f"{CLAIMS}?customer_id=C-1001": {"agent", "other_agent", "supervisor", "auditor",
                                         "scheduler"},
    }
    for path, readers in expected.items():
        for name in ("agent", "other_agent", "supervisor", "senior", "auditor", "scheduler",
                     "admin"):
            response = api.get(path, getattr(team, name))
            if name in readers or (name == "senior" and "supervisor" in readers):
                assert response.status_code == 200, (path, name)
            else:
                a_problem(response, 403, "role-not-allowed")


def test_an_agent_reads_only_their_own_authority_ledger(api):
    team = api.team
    assert api.get(f"/api/v1/staff/{team.agent.id}/authority", team.agent).status_code == 200
    a_problem(api.get(f"/api/v1/staff/{team.other_agent.id}/authority", team.agent), 403,
              "not-your-ledger")
    for reader in (team.supervisor, team.auditor, team.admin):
        assert api.get(f"/api/v1/staff/{team.agent.id}/authority", reader).status_code == 200


def test_an_unknown_claim_is_not_found_for_everyone_who_may_read(api):
    for name in ("agent", "supervisor", "auditor", "scheduler"):
        a_problem(api.get(f"{CLAIMS}/00000000-0000-0000-0000-0000000000ff",
                          getattr(api.team, name)), 404)
