"""Tokens at rest: the database holds a token's hash, never the token, not even in a stored
answer to a retried request. The whole database is read as bytes, so each test has its own."""
from __future__ import annotations

import hashlib

import pytest

from tests.privacy.scan import database_chunks, found

pytestmark = pytest.mark.own_store("The whole database is read as bytes.")

STAFF = "/api/v1/staff"


def test_no_token_is_stored_only_its_hash(api, services):
    issued = api.post(f"{STAFF}/{api.team.agent.id}/tokens", None, api.team.admin,
                      headers={"Idempotency-Key": "issue-1"})
    added = api.post(STAFF, {"name": "신입", "role": "agent"}, api.team.admin,
                     headers={"Idempotency-Key": "add-1"})
    tokens = [m.token for m in api.team.members()] + [
        issued.get_json()["token"], added.get_json()["token"]]

    chunks = database_chunks(services.settings)

    assert found([hashlib.sha256(tokens[0].encode()).hexdigest()], chunks)
    assert found([token[len("cm_"):] for token in tokens], chunks) == {}
