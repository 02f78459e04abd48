"""The policy simulation page through Flask's test client on both backends: the comparison
table (actual against simulated, by category) from the application's PolicySimulation, the
store unchanged, refusals in Korean next to their fields, and the roles the API admits."""
from __future__ import annotations

import itertools
import re
from datetime import datetime

import pytest

from casemgmt.application.clock import KST
from tests.api.test_simulations import every_row
from tests.web.test_claim_pages import field_error

pytestmark = pytest.mark.own_store(
    "The simulation reads the whole store: each test has one of its own.")

ORDERS = itertools.count(100)
NOVEMBER = {"step": "run", "from": "2026-11-01", "to": "2026-11-30"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def a_decided_claim(workspace, amount: int, category: str = "delivery") -> str:
    agent = workspace.team.agent  # a 30,000 won limit
    # an order of its own: a second payment on one order waits for a supervisor whatever the
    # limit (the duplicate-compensation hold), which no simulated limit changes
    claim_id = workspace.file_claim(category=category, order={
        "id": f"O-{next(ORDERS)}", "merchant_id": "M-9", "amount_krw": 89_000})
    workspace.take(claim_id)
    workspace.services.casemgmt.propose_decision(agent.actor, claim_id, remedy="partial_refund",
                                                 amount_krw=amount, rationale="배송 지연 보상")
    return claim_id


def rows(html: str, caption: str) -> list[list[str]]:
    table = html[html.index(f"<caption>{caption}</caption>"):]
    body = table[table.index("<tbody>"):table.index("</tbody>")]
    return [[text(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_doubling_the_agents_limit_shows_their_pending_decisions_approved(workspace):
    a_decided_claim(workspace, 50_000)
    a_decided_claim(workspace, 20_000)
    a_decided_claim(workspace, 40_000, category="refund_delay")
    desk = workspace.desk(workspace.team.supervisor)
    before = every_row(workspace.services)

    page = desk.get("/simulations", query_string={
        **NOVEMBER, "limits.1.staff_id": workspace.team.agent.id, "limits.1.krw": "60,000"})

    assert page.status == 200
    assert "결과: 2026-11-01 ~ 2026-11-30 접수 클레임 3건, 결정 3건" in text(page.html)
    total = rows(page.html, "실제와 시뮬레이션 비교 (전체)")
    assert total[0] == ["승인이 필요한 결정", "2", "0", "−2"]
    assert total[1] == ["승인이 필요한 결정의 금액", "90,000원", "0원", "−90,000원"]
    assert rows(page.html, "유형별 비교") == [
        ["환불 지연", "1", "1", "1", "0", "0", "0"], ["배송", "2", "2", "1", "0", "0", "0"]]
    after = every_row(workspace.services)
    assert {t: r for t, r in after.items() if t not in ("web_sessions", "pii_access_log")} == {
        t: r for t, r in before.items() if t not in ("web_sessions", "pii_access_log")}


def test_a_longer_first_response_deadline_shows_fewer_missed(workspace, clock):
    workspace.file_claim(category="delivery")  # Fri 2026-11-20 10:00, never answered
    clock.current = datetime(2026, 11, 26, 10, 0, tzinfo=KST)  # first response was due Mon 23rd
    desk = workspace.desk(workspace.team.admin)

    page = desk.get("/simulations", query_string={
        **NOVEMBER, "deadlines.first_response_business_days": "30"})

    missed = {row[0]: row[1:] for row in rows(page.html, "실제와 시뮬레이션 비교 (전체)")}
    assert page.status == 200
    actual, simulated, _ = missed["지키지 못한 기한"]
    assert int(simulated) < int(actual)


def test_refusals_are_said_next_to_their_fields(workspace):
    desk = workspace.desk(workspace.team.supervisor)

    page = desk.get("/simulations", query_string={
        "step": "run", "from": "2026-01-01", "to": "2026-11-30",
        "limits.1.staff_id": "nobody", "limits.1.krw": "60000",
        "authority.tier_multipliers.loyal": "두 배"})

    assert page.status == 422 and 'id="report"' not in page.html
    assert field_error(page.html, "simulate-to").startswith("오류: 한 번에 92일까지")
    assert field_error(page.html, "simulate-limits-1-staff-id") == "오류: 그런 ID의 직원이 없습니다."
    assert field_error(page.html, "simulate-authority-tier-multipliers-loyal") == (
        "오류: 숫자로 입력하세요 (예: 1.5).")
    assert 'value="nobody"' in page.html  # what was typed stays


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_the_roles_the_api_admits_find_the_page_in_the_menu(workspace, role):
    page = workspace.desk(getattr(workspace.team, role)).get("/simulations")

    assert page.status == 200
    assert '<a href="/simulations" aria-current="page">정책 시뮬레이션</a>' in page.html


@pytest.mark.parametrize("role", ["agent", "auditor", "scheduler"])
def test_other_roles_are_refused_as_the_api_refuses_them(workspace, role):
    desk = workspace.desk(getattr(workspace.team, role))

    page = desk.get("/simulations", query_string=NOVEMBER)

    assert page.status == 403 and "실제와 시뮬레이션 비교" not in page.html
    assert "정책 시뮬레이션</a>" not in desk.get("/").html
