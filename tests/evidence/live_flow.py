"""A claim with a fact check and a vendor link on a real `casemgmt serve`, made over HTTP
as an agent would: for the tests that need a browser or the server's own log."""
from __future__ import annotations

from dataclasses import dataclass

import requests

from tests.builders import an_intake
from tests.http import CLAIMS
from tests.api.live import LiveServer, staff_add

QUESTION = "11월 15일에 매장이 휴업했나요? 안내문 사진이 있으면 보내 주세요."


@dataclass(frozen=True)
class LiveLink:
    claim: str
    url: str
    token: str
    agent_auth: dict


def an_agent(database_url: str) -> dict:
    agent = staff_add(database_url, "박지은", "agent", 30_000)
    return {"Authorization": f"Bearer {agent['token']}"}


def a_vendor_link(server: LiveServer, auth: dict) -> LiveLink:
    def post(path: str, body: dict) -> dict:
        response = requests.post(f"{server.url}{path}", json=body, headers=auth, timeout=30)
        assert response.status_code in (200, 201), response.text
        return response.json()

    claim = post(CLAIMS, an_intake())["id"]
    me = requests.get(f"{server.url}{CLAIMS}/{claim}", headers=auth, timeout=30).json()
    post(f"{CLAIMS}/{claim}/assignment", {"assignee": me["filed_by"]})
    post(f"{CLAIMS}/{claim}/fact-checks", {"vendor": {"id": "M-9", "kind": "merchant"},
                                           "question": QUESTION})  # the real clock: due in 2 days
    issued = post(f"{CLAIMS}/{claim}/fact-checks/fc-1/vendor-link", {})
    return LiveLink(claim, issued["url"], issued["token"], auth)
