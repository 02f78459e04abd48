"""OWASP API5:2023 Broken Function Level Authorization — the role × operation matrix, derived
from the OpenAPI document itself.

For every operation /openapi.json publishes and every role, a minimal valid request from a
member of that role is refused with 403 (role-not-allowed) exactly when the role is not in the
operation's `x-roles`. An allowed role never meets a 403: it gets its answer, or 404/409/422
where the made-up parts of the request (a month without a round, a claim's state) call for
it. The objects are set up so that no object-level rule (API1) gets in the way: commands go
to a fresh claim of the agent's with every part, reads of a staff member are one's own.
"""
from __future__ import annotations

from tests.http import CLAIMS, a_problem, writes_nothing
from tests.owasp.build import a_claim_with_every_part, body_for, path_values, send
from tests.owasp.openapi import ROLES

ALLOWED_ANSWERS = {200, 201, 404, 409, 422}


def test_every_operation_names_its_roles_or_says_it_is_public(ops):
    assert len(ops) >= 30
    for op in ops:
        if op.public:
            continue
        assert op.roles, f"{op} has no x-roles"
        assert set(op.roles) <= set(ROLES), op
        assert op.spec.get("security") == [{"bearerAuth": []}], op


def test_a_role_is_refused_exactly_when_the_document_does_not_list_it(api, doc, ops, world):
    app, team = api.services.casemgmt, api.team
    wrong: list[str] = []
    for op in ops:
        for role in ROLES:
            sender = getattr(team, role)
            allowed = op.public or role in op.roles
            claim_id = None
            if allowed and op.method != "get" and "claim_id" in op.path_params():
                claim_id = a_claim_with_every_part(app, team)  # a command changes the claim
            url = op.url(path_values(op, sender, world, claim_id))
            body = body_for(doc, op, sender, world)
            if allowed:
                response = send(api, op, sender, url=url, body=body)
                if response.status_code not in ALLOWED_ANSWERS:
                    wrong.append(f"{op} as {role} (listed): {response.status_code} "
                                 f"{response.get_data(as_text=True)[:200]}")
                continue
            with writes_nothing(api):
                response = send(api, op, sender, url=url, body=body)
            if response.status_code != 403:
                wrong.append(f"{op} as {role} (not listed): {response.status_code}")
            else:
                a_problem(response, 403, "role-not-allowed")
    assert not wrong, "\n".join(wrong)


def test_public_operations_answer_without_a_token(api, ops):
    public = [op for op in ops if op.public]
    assert {op.path for op in public} >= {"/healthz", "/readyz", "/metrics"}
    for op in public:
        assert op.method == "get" and not op.path.startswith("/api/"), op
        response = api.get(op.path)
        assert response.status_code == 200, (op, response.status_code)


def test_the_refusal_comes_before_the_body_is_read_or_anything_is_looked_up(api, ops, world):
    """A disallowed role learns nothing from the request's shape or its ids: 403 for a body
    that would not parse and a claim that does not exist alike."""
    auditor = api.team.auditor
    for op in ops:
        if op.public or "auditor" in op.roles or op.method == "get":
            continue
        url = op.url({name: "no-such-thing" for name in op.path_params()})
        response = send(api, op, auditor, url=url, body={"unknown": "field"})
        a_problem(response, 403, "role-not-allowed")
    assert api.get(f"{CLAIMS}/{world.claim}", auditor).status_code == 200
