"""The PII access log of the follow-up lists, which look at every claim in the store (so each
test has a store of its own): a happy-call list records a row per claim shown."""
from __future__ import annotations

import pytest

from tests.http import CLAIMS
from tests.security.test_pii_access_log import a_claim_of, row, without_request_ids

pytestmark = pytest.mark.own_store("The follow-up lists look at every claim in the store.")


def test_the_happy_call_list_is_recorded(api, access_rows, clock, kim):
    claim_id = a_claim_of(api, kim)
    api.take(claim_id)
    api.post(f"{CLAIMS}/{claim_id}/responses", {"message": "환불해 드렸습니다.",
                                                 "channel": "phone"}, api.team.agent)
    closed = api.post(f"{CLAIMS}/{claim_id}/closure", {"resolution": "resolved"}, api.team.agent)
    assert closed.status_code == 200
    clock.advance(days=4)
    before = len(access_rows())

    response = api.get("/api/v1/follow-ups/happy-calls", api.team.agent)

    assert [call["claim_id"] for call in response.get_json()["items"]] == [claim_id]
    assert without_request_ids(access_rows()[before:]) == [
        row(api.team.agent, "GET", "/api/v1/follow-ups/happy-calls", claim_id, kim["id"])]
