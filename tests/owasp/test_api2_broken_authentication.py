"""OWASP API2:2023 Broken Authentication — every operation that is not public asks for a valid
bearer token, and anything else gets 401 problem+json with a WWW-Authenticate challenge and
writes nothing: no Authorization header, a malformed one (another scheme, no token, no
scheme) or a token no one was given.

Expired and revoked tokens, tokens stored only as hashes and the rate limit per token are
tested in tests/security/test_tokens.py and tests/security/test_limits.py; not repeated here.
"""
from __future__ import annotations

import secrets

import pytest

from tests.http import a_problem, writes_nothing
from tests.owasp.build import body_for, path_values, send

MALFORMED = {
    "no header": None,
    "basic scheme": "Basic YWRtaW46YWRtaW4=",
    "bearer without token": "Bearer",
    "bearer with blanks": "Bearer    ",
    "no scheme": "TOKEN-ONLY",
    "unknown token": "Bearer " + secrets.token_urlsafe(32),
    "a token's half": None,  # filled in from a real token below
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_every_protected_operation_refuses_a_missing_or_bad_token(api, doc, ops, world, case):
    team = api.team
    header = MALFORMED[case] if case != "a token's half" else (
        "Bearer " + team.admin.token[: len(team.admin.token) // 2])
    protected = [op for op in ops if not op.public]
    assert len(protected) >= 30

    for op in protected:
        url = op.url(path_values(op, team.supervisor, world))
        body = body_for(doc, op, team.supervisor, world)
        headers = {"Authorization": header} if header is not None else {}
        with writes_nothing(api):
            response = send(api, op, None, url=url, body=body, headers=headers)
        a_problem(response, 401, "unauthenticated")
        assert response.headers["WWW-Authenticate"].startswith("Bearer"), str(op)


def test_the_same_answer_for_every_kind_of_bad_token(api, world):
    """No oracle: a missing, malformed or unknown token reads the same."""
    url = f"/api/v1/claims/{world.claim}"
    answers = {api.client.get(url, headers={"Authorization": h} if h else {}).get_data()
               for h in (None, "Basic x", "Bearer " + secrets.token_urlsafe(32))}
    assert len(answers) == 1
