"""Fixtures of the evidence tests: the API of tests/api on both backends (a team holding
tokens; every observed status documented), an agent's claim with an open fact check, and a
vendor link for it."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.http import CLAIMS

DUE = "2026-11-24T18:00:00+09:00"


@dataclass(frozen=True)
class Linked:
    claim: str
    url: str
    token: str
    expires_at: str


@pytest.fixture
def claim(api) -> str:
    """The agent's claim (the restaurant closed twice), with fact check fc-1 to merchant M-9."""
    claim_id = api.file_claim()["id"]
    api.take(claim_id)
    response = api.post(f"{CLAIMS}/{claim_id}/fact-checks", {
        "vendor": {"id": "M-9", "kind": "merchant"}, "due_at": DUE,
        "question": "11월 15일과 22일에 매장이 휴업했나요? 안내문 사진이 있으면 보내 주세요."},
        api.team.agent)
    assert response.status_code == 201, response.get_json()
    return claim_id


def issue_link(api, claim_id: str, fact_check_id: str = "fc-1", by=None, **body) -> dict:
    response = api.post(f"{CLAIMS}/{claim_id}/fact-checks/{fact_check_id}/vendor-link", body,
                        by or api.team.agent)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def linked(api, claim) -> Linked:
    issued = issue_link(api, claim)
    return Linked(claim, issued["url"], issued["token"], issued["expires_at"])
