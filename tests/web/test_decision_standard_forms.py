"""The decision form citing the remedy standard, through Flask's test client on both backends:
the rules offered (the claim's category's first), the server's "계산" without JavaScript, the
JSON preview the script asks, the citation sent as the API takes it, and its display."""
from __future__ import annotations

import re

import pytest

from tests.builders import Member
from tests.web.test_claim_pages import field_error


@pytest.fixture
def database_url(fresh_database_url):
    """Decisions count over the whole store (the order's earlier payments): a store per test."""
    return fresh_database_url


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def an_agent_with_a_10000_limit(workspace) -> Member:
    staff, token = workspace.services.casemgmt.add_staff("한도만", "agent", 10_000)
    return Member(id=str(staff.id), token=token, actor=staff.as_actor())


def a_food_claim(workspace, agent: Member) -> str:
    claim_id = workspace.file_claim(agent, category="product_mismatch",
                                    summary="과자에서 이물질이 나왔습니다")
    workspace.take(claim_id, agent)
    return claim_id


FOOD = {"form_id": "decisions", "remedy": "refund", "standard.rule_id": "food-1",
        "standard.inputs": "", "standard.inputs.price_krw": "45,000",
        "rationale": "이물 혼입: 구입가 환급과 위로금"}


def test_smoke(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_food_claim(workspace, agent)
    desk = workspace.desk(agent)
    page = desk.get(f"/claims/{claim_id}")
    assert page.status == 200, page.html
    print(text(page.html)[:3000])
    version = re.search(r'name="version" value="(\d+)"', page.html).group(1)
    pv = desk.post(f"/claims/{claim_id}/decisions/standard", {**FOOD, "amount_krw": "50000", "version": version, "step": "calculate"})
    print(pv.status, text(pv.html[pv.html.index("decision-standard-preview"):])[:600])
    js = desk.client.post(f"/claims/{claim_id}/decisions/standard", data={**FOOD, "amount_krw": "60000", "version": version, "step": "calculate", "csrf_token": desk.csrf}, headers={"Accept": "application/json"})
    print(js.status_code, js.get_json())
    done = desk.post(f"/claims/{claim_id}/decisions", {**FOOD, "amount_krw": "50000", "version": version})
    print(done.status, done.location, done.html[:500])
    page = desk.get(f"/claims/{claim_id}")
    print(text(page.html[page.html.index('decisions-title'):])[:800])
    assert 0
