"""The policy simulation page in a real headless Chromium against a real `casemgmt serve`, on
SQLite and PostgreSQL: a supervisor fills the form from the menu and reads the comparison table
(actual against simulated, by category); the stored events are the same before and after; roles
the API refuses have no menu entry and are refused; axe-core finds no serious violation."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Iterator

import pytest

from casemgmt.application.clock import KST
from tests.builders import an_intake
from tests.databases import BACKENDS
from tests.web.browser import STAFF, Served, menu, scan, serving, signed_in

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
API = "/api/v1"


def a_decided_claim(served: Served, n: int, amount: int, category: str) -> str:
    claim_id = served.call("POST", "/claims", an_intake(
        customer={"id": f"C-6{n:03d}", "name": "이수민", "tier": "regular"},
        category=category,
        order={"id": f"O-6{n:03d}", "merchant_id": "M-9", "amount_krw": 89_000}))["id"]
    served.call("POST", f"/claims/{claim_id}/assignment", {"assignee": served.staff["agent"]["id"]})
    served.call("POST", f"/claims/{claim_id}/decisions", {
        "remedy": "partial_refund", "amount_krw": amount, "rationale": "배송 지연 보상"})
    return claim_id


def every_event(served: Served) -> list[dict]:
    events, after = [], 0
    while True:
        page = served.call("GET", f"/audit/events?after={after}&limit=500", role="auditor")
        found = page.get("items", page.get("events", []))
        events.extend(found)
        if not found:
            return events
        after = found[-1]["position"]


@pytest.fixture(scope="module", params=BACKENDS)
def served(request, tmp_path_factory) -> Iterator[Served]:
    with serving(request.param, tmp_path_factory, "simulation", STAFF, root=API) as served:
        a_decided_claim(served, 1, 50_000, "delivery")       # beyond 30,000: pending
        a_decided_claim(served, 2, 20_000, "delivery")       # within
        a_decided_claim(served, 3, 40_000, "refund_delay")   # beyond: pending
        yield served


def table(page, caption: str) -> list[list[str]]:
    rows = page.locator("table", has=page.locator("caption", has_text=caption)).locator(
        "tbody tr")
    return [[cell.strip() for cell in row.inner_text().split("\t")] for row in rows.all()]


def this_month() -> tuple[str, str]:
    today = datetime.now(KST).date()
    return (today - timedelta(days=3)).isoformat(), (today + timedelta(days=1)).isoformat()


def test_a_supervisor_doubles_the_agents_limit_and_reads_the_comparison(chromium, served):
    start, end = this_month()
    before = every_event(served)
    page = signed_in(chromium, served, "supervisor")

    menu(page).get_by_role("link", name="정책 시뮬레이션").click()
    page.get_by_label(re.compile("^시작일")).fill(start)
    page.get_by_label(re.compile("^종료일")).fill(end)
    page.get_by_label("직원 ID 1").fill(served.staff["agent"]["id"])
    page.get_by_label("한 건당 한도 1 (원)").fill("60,000")
    page.get_by_role("button", name="시뮬레이션 실행").click()
    page.locator("#report").wait_for()

    assert "접수 클레임 3건, 결정 3건" in page.locator("#report-title").inner_text()
    total = table(page, "실제와 시뮬레이션 비교 (전체)")
    assert total[0] == ["승인이 필요한 결정", "2", "0", "−2"]
    assert total[1] == ["승인이 필요한 결정의 금액", "90,000원", "0원", "−90,000원"]
    assert table(page, "유형별 비교") == [["환불 지연", "1", "1", "1", "0", "0", "0"],
                                      ["배송", "2", "2", "1", "0", "0", "0"]]
    assert page.evaluate("document.activeElement.id") == "report"
    assert every_event(served) == before  # the simulation wrote nothing


def test_a_period_too_long_is_refused_next_to_its_field(chromium, served):
    page = signed_in(chromium, served, "admin")

    page.goto(f"{served.url}/simulations")
    page.get_by_label(re.compile("^시작일")).fill("2026-01-01")
    page.get_by_label(re.compile("^종료일")).fill("2026-12-31")
    page.get_by_role("button", name="시뮬레이션 실행").click()

    field = page.get_by_label(re.compile("^종료일"))
    assert field.get_attribute("aria-invalid") == "true"
    assert "한 번에 92일까지" in page.locator("#simulate-to-error").inner_text()
    assert page.locator("#report").count() == 0


@pytest.mark.parametrize("role", ["agent", "auditor"])
def test_roles_the_api_refuses_have_no_simulation(chromium, served, role):
    page = signed_in(chromium, served, role)

    has_link = menu(page).get_by_role("link", name="정책 시뮬레이션").count()
    answer = page.goto(f"{served.url}/simulations")

    assert has_link == 0
    assert answer.status == 403 and "실제와 시뮬레이션 비교" not in page.content()


def test_axe_finds_no_serious_violation_on_the_simulation_page(chromium, served, axe):
    start, end = this_month()
    page = signed_in(chromium, served, "supervisor", bypass_csp=True)

    found = {}
    page.goto(f"{served.url}/simulations")
    found["/simulations"] = scan(page, axe)
    page.goto(f"{served.url}/simulations?step=run&from={start}&to={end}"
              "&authority.tier_multipliers.loyal=2")
    found["/simulations (report)"] = scan(page, axe)
    page.goto(f"{served.url}/simulations?step=run&from=2026-01-01&to=2026-12-31")
    found["/simulations (refused)"] = scan(page, axe)

    assert {path: v for path, v in found.items() if v} == {}
