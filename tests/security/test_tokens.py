"""Broken authentication: missing, unknown, expired and revoked tokens get 401 problem+json;
tokens are kept only as hashes; staff changes are events with who and when."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from uuid import UUID

import pytest

from casemgmt.application.errors import TokenExpired, Unauthenticated
from casemgmt.bootstrap import build
from tests.builders import Member, Team, a_team
from tests.http import CLAIMS, a_problem

STAFF = "/api/v1/staff"


@pytest.fixture
def team(app) -> Team:
    """These tests revoke tokens and change roles: a team of each test's own."""
    return a_team(app)


def test_a_request_without_a_token_is_unauthenticated(api):
    response = api.get(CLAIMS)

    a_problem(response, 401, "unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("authorization", [
    "Bearer cm_not-a-token", "Bearer ", "Basic YWRtaW46YWRtaW4=", "cm_no-scheme"])
def test_an_unknown_or_malformed_token_is_unauthenticated(api, authorization):
    response = api.get(CLAIMS, headers={"Authorization": authorization})

    a_problem(response, 401, "unauthenticated")


def test_a_token_works_until_its_time_to_live_runs_out(api, clock):
    clock.advance(days=89, hours=23)
    assert api.get(CLAIMS, api.team.agent).status_code == 200

    clock.advance(hours=1)
    response = api.get(CLAIMS, api.team.agent)

    body = a_problem(response, 401, "token-expired")
    assert "expired" in body["detail"]
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_shorter_time_to_live_in_the_settings_applies_to_tokens_already_issued(
        team, settings, clock):
    weekly = build(replace(settings, token_ttl_days=7), clock=clock)
    try:
        clock.advance(days=6)
        assert weekly.casemgmt.authenticate(team.agent.token).id == team.agent.id

        clock.advance(days=1)

        with pytest.raises(TokenExpired):
            weekly.casemgmt.authenticate(team.agent.token)
    finally:
        weekly.close()


def test_revoking_a_members_tokens_shuts_out_every_token_they_hold(api):
    agent = api.team.agent
    second, _ = api.services.casemgmt.issue_token(agent.id)

    response = api.post(f"{STAFF}/{agent.id}/revocation", None, api.team.admin)

    assert response.status_code == 200 and response.get_json()["id"] == agent.id
    a_problem(api.get(CLAIMS, agent), 401, "unauthenticated")
    a_problem(api.get(CLAIMS, headers={"Authorization": f"Bearer {second}"}), 401)
    assert api.get(CLAIMS, api.team.other_agent).status_code == 200


def test_a_token_issued_after_a_revocation_works(api):
    agent = api.team.agent
    api.post(f"{STAFF}/{agent.id}/revocation", None, api.team.admin)

    issued = api.post(f"{STAFF}/{agent.id}/tokens", None, api.team.admin)

    assert issued.status_code == 201
    body = issued.get_json()
    assert set(body) == {"id", "token", "expires_at"} and body["id"] == agent.id
    assert api.get(CLAIMS, headers={"Authorization": f"Bearer {body['token']}"}
                   ).status_code == 200
    a_problem(api.get(CLAIMS, agent), 401)


def test_revoking_one_token_leaves_the_members_other_tokens_working(api):
    app, agent = api.services.casemgmt, api.team.agent
    spare, _ = app.issue_token(agent.id)

    app.revoke_token(agent.token)

    a_problem(api.get(CLAIMS, agent), 401, "unauthenticated")
    assert api.get(CLAIMS, headers={"Authorization": f"Bearer {spare}"}).status_code == 200


@pytest.mark.parametrize("who", ["agent", "supervisor", "auditor"])
def test_only_an_admin_revokes_or_issues_tokens(api, who):
    member: Member = getattr(api.team, who)
    target = api.team.other_agent.id

    a_problem(api.post(f"{STAFF}/{target}/revocation", None, member), 403)
    a_problem(api.post(f"{STAFF}/{target}/tokens", None, member), 403)

    assert api.get(CLAIMS, api.team.other_agent).status_code == 200


def test_revoking_an_unknown_staff_member_is_not_found(api):
    a_problem(api.post(f"{STAFF}/nobody/revocation", None, api.team.admin), 404)


def test_a_role_change_applies_to_the_next_request(api):
    agent = api.team.agent
    api.services.casemgmt.change_staff(agent.id, role="auditor", by=api.team.admin.actor)

    response = api.post(CLAIMS, {"channel": "phone"}, agent)

    a_problem(response, 403, "role-not-allowed")


def test_staff_changes_are_events_naming_who_and_when(services, team, clock):
    app, admin = services.casemgmt, team.admin.actor

    app.change_staff(team.agent.id, authority_limit=50_000, by=admin)
    app.change_staff(team.agent.id, role="supervisor", by=admin)
    app.issue_token(team.agent.id, by=admin)
    app.revoke_tokens_of(team.agent.id, by=admin)

    events = list(app.events.get(UUID(team.agent.id)))
    changes = [(type(e).__name__, e.by, e.at) for e in events[1:]]
    assert [name for name, _, _ in changes] == [
        "TokenIssued", "AuthorityLimitChanged", "RoleChanged", "TokenIssued", "TokensRevoked"]
    assert all(by == admin.id and at == clock.now() for _, by, at in changes[1:])


def test_a_revoked_token_records_its_revocation_on_the_token(services, team):
    app = services.casemgmt

    token = app.revoke_token(team.agent.token, by=team.admin.actor)

    revoked = list(app.events.get(token.id))[-1]
    assert (type(revoked).__name__, revoked.by) == ("Revoked", team.admin.id)


def test_the_token_is_compared_in_constant_time(services, team, monkeypatch):
    import casemgmt.application.staff as staff

    compared = []
    real = staff.hmac.compare_digest
    monkeypatch.setattr(staff.hmac, "compare_digest",
                        lambda a, b: compared.append((a, b)) or real(a, b))

    services.casemgmt.authenticate(team.agent.token)

    assert compared == [(hashlib.sha256(team.agent.token.encode()).hexdigest(),) * 2]


def test_an_unknown_token_and_a_revoked_one_are_indistinguishable(api):
    api.services.casemgmt.revoke_token(api.team.agent.token)

    revoked = api.get(CLAIMS, api.team.agent).get_json()
    unknown = api.get(CLAIMS, headers={"Authorization": "Bearer cm_never-issued"}).get_json()

    assert revoked == unknown


def test_a_token_of_a_revoked_member_fails_in_the_application_too(services, team):
    services.casemgmt.revoke_tokens_of(team.agent.id)

    with pytest.raises(Unauthenticated):
        services.casemgmt.authenticate(team.agent.token)

