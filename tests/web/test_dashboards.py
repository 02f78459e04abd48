"""Dashboards: VoC figures and charts drawn from the same statistics as GET /stats/voc, the
month's authority ledger per person, and the Surprise & Delight round with its selection."""
from __future__ import annotations

import re

import pytest

from casemgmt.application.jobs import run_job

pytestmark = pytest.mark.own_store(
    "The dashboards sum the whole store (the VOC figures, each person's grants this month, the "
    "month's candidates): a store of their own, so they show only what these tests filed.")


def test_voc_shows_the_periods_figures_and_describes_each_chart_in_words(workspace):
    app, agent = workspace.services.casemgmt, workspace.team.agent
    first = workspace.file_claim()
    workspace.file_claim(customer={"id": "C-3", "name": "한지민"})
    workspace.file_claim(category="delivery", channel="chat",
                         customer={"id": "C-2", "name": "최유리"})
    workspace.take(first)
    app.respond(agent.actor, first, "확인했습니다", "phone")

    page = workspace.desk(workspace.team.supervisor).get("/dashboards/voc")

    assert page.status == 200
    kpis = dict(re.findall(r'<span class="kpi-label">([^<]+)</span> <span class="kpi-value">'
                           r'([^<]+)', page.html))
    assert kpis["접수"] == "3건" and kpis["응답률"] == "33.3%"
    assert page.html.count('role="img"') == 7
    assert "<desc" in page.html and "입점업체 서비스 불이행 2건, 배송 1건" in page.html
    assert "채팅" in page.html and "전화" in page.html


def test_the_authority_ledger_shows_what_each_person_granted_this_month(workspace):
    app, agent = workspace.services.casemgmt, workspace.team.agent
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    app.propose_decision(agent.actor, claim_id, remedy="coupon", amount_krw=10_000,
                         rationale="두 번의 헛걸음")
    workspace.services.projections.wait_for(workspace.last_position())

    supervisors = workspace.desk(workspace.team.supervisor).get("/dashboards/authority")
    agents = workspace.desk(workspace.team.other_agent).get("/dashboards/authority")

    assert re.search(r"<th scope=\"row\">박지은</th><td>상담사</td><td>30,000원</td>"
                     r"<td>10,000원</td><td>1건</td>", supervisors.html)
    assert "박지은" not in agents.html  # an agent reads only their own ledger, as in the API
    assert re.search(r"<th scope=\"row\">최서준</th>.*<td>0원</td><td>0건</td>", agents.html)


def a_claim_closed_with_a_2(workspace) -> str:
    """A claim answered and closed by the agent, its customer's satisfaction 2 of 10."""
    app, agent = workspace.services.casemgmt, workspace.team.agent
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    app.respond(agent.actor, claim_id, "사과드립니다", "phone")
    app.close_claim(agent.actor, claim_id, resolution="resolved")
    app.record_satisfaction(agent.actor, claim_id, score=2, via="happy_call")
    return claim_id


def test_the_surprise_delight_round_shows_candidates_reasons_and_takes_a_selection(workspace,
                                                                                   clock):
    app = workspace.services.casemgmt
    claim_id = a_claim_closed_with_a_2(workspace)
    clock.advance(days=11)  # December: November's round can be built
    run_job(workspace.services.casemgmt, "surprise-delight", {"month": "2026-11"})
    desk = workspace.desk(workspace.team.supervisor)

    shown = desk.get("/dashboards/surprise-delight?month=2026-11")
    chosen = desk.post("/dashboards/surprise-delight/2026-11/selections",
                       {"claim_id": claim_id, "gift": "꽃다발", "letter_by": "이영희"})

    assert "낮은 만족도" in shown.html and "폭언 이력 없음" in shown.html
    assert chosen.status == 303
    assert "선정됨: 꽃다발 · 편지 이영희" in desk.get(chosen.location).html
    assert [s.gift for s in app.get_round("2026-11").selections] == ["꽃다발"]


def test_a_month_without_a_round_says_how_it_is_made(workspace):
    page = workspace.desk(workspace.team.auditor).get("/dashboards/surprise-delight?month=2026-01")

    assert page.status == 200 and "라운드가 아직 없습니다" in page.html


def test_the_running_month_shows_its_provisional_candidates_and_no_selection_form(workspace):
    a_claim_closed_with_a_2(workspace)
    desk = workspace.desk(workspace.team.supervisor)

    page = desk.get("/dashboards/surprise-delight?month=2026-11")

    assert page.status == 200 and "잠정 후보" in page.html and "낮은 만족도" in page.html
    assert "/dashboards/surprise-delight/2026-11/selections" not in page.html
