"""Every command on a claim: it succeeds with the new version, and each generic refusal
(400, 401, 403 by role, 404, 412) answers problem+json and writes nothing."""
from __future__ import annotations

import json
import uuid

import pytest

from tests.api.commands import COMMANDS, Command
from tests.http import a_problem, writes_nothing
from tests.refs import an_idempotency_key

by_command = pytest.mark.parametrize("command", COMMANDS, ids=str)


def arranged(api, command: Command) -> str:
    return command.arrange(api.services.casemgmt, api.team)


@by_command
def test_a_command_answers_with_the_changed_claim_and_its_new_version(api, command):
    claim_id = arranged(api, command)
    version = api.version(claim_id)
    sender = getattr(api.team, command.by)

    response = api.post(command.url(claim_id), command.body(api.team), sender,
                        headers={"If-Match": f'"{version}"'})

    assert response.status_code == command.status, response.get_json()
    claim = response.get_json()
    assert claim["id"] == claim_id
    assert claim["version"] == version + 1
    assert response.headers["ETag"] == f'"{version + 1}"'
    assert api.version(claim_id) == version + 1


@by_command
def test_a_stale_if_match_is_refused_with_412(api, command):
    claim_id = arranged(api, command)
    stale = api.version(claim_id) - 1

    with writes_nothing(api, claim_id):
        response = api.post(command.url(claim_id), command.body(api.team),
                            getattr(api.team, command.by), headers={"If-Match": f'"{stale}"'})

    a_problem(response, 412, "stale-version")


@by_command
def test_an_if_match_that_names_no_version_is_a_bad_request(api, command):
    claim_id = arranged(api, command)

    for if_match in ('"three"', '"-1"', "v1", '"1", "2"'):
        with writes_nothing(api, claim_id):
            response = api.post(command.url(claim_id), command.body(api.team),
                                getattr(api.team, command.by), headers={"If-Match": if_match})

        a_problem(response, 400, "bad-if-match")


@by_command
def test_a_body_that_is_not_json_or_has_an_unknown_field_is_a_bad_request(api, command):
    claim_id = arranged(api, command)

    for raw, problem_type in ((b'{"text": "unterminated', "malformed-json"),
                              (b"\xff\xfe not utf-8", "malformed-json"),
                              (b'{"surprise": true}', "unknown-field"),
                              (json.dumps({**command.body(api.team), "to_ceo": 1}).encode(),
                               "unknown-field")):
        with writes_nothing(api, claim_id):
            response = api.post(command.url(claim_id), None, getattr(api.team, command.by),
                                data=raw)

        assert a_problem(response, 400, problem_type).get("errors")


@by_command
def test_a_command_without_a_valid_token_is_refused_with_401(api, command):
    claim_id = arranged(api, command)

    for headers in ({}, {"Authorization": "Bearer cm_not-a-token"},
                    {"Authorization": "Basic YWRtaW46YWRtaW4="}, {"Authorization": "Bearer "}):
        with writes_nothing(api, claim_id):
            response = api.post(command.url(claim_id), command.body(api.team), headers=headers)

        a_problem(response, 401, "unauthenticated")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@by_command
def test_auditors_schedulers_and_admins_change_no_claim(api, command):
    claim_id = arranged(api, command)

    for reader in (api.team.auditor, api.team.scheduler, api.team.admin):
        with writes_nothing(api, claim_id):
            response = api.post(command.url(claim_id), command.body(api.team), reader,
                                headers={"Idempotency-Key": an_idempotency_key(reader.id)})

        a_problem(response, 403, "role-not-allowed")


@by_command
def test_an_agent_may_not_change_another_agents_claim(api, command):
    claim_id = arranged(api, command)

    with writes_nothing(api, claim_id):
        response = api.post(command.url(claim_id), command.body(api.team), api.team.other_agent)

    problem = a_problem(response, 403)
    assert problem.get("rule") in {"assignment.not_yours", "assignment.agent_self_only"} or (
        command.by == "supervisor" and problem["type"] == "/problems/role-not-allowed")


@by_command
def test_a_command_on_an_unknown_claim_is_refused_with_404(api, command):
    for claim_id in (str(uuid.UUID(int=7)), "not-a-uuid", "%EA%B9%80"):
        with writes_nothing(api):
            response = api.post(command.url(claim_id), command.body(api.team),
                                getattr(api.team, command.by))

        a_problem(response, 404, "claim-not-found")
