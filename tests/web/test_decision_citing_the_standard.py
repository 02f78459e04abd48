"""The decision form citing the remedy standard in a real headless Chromium against a real
`casemgmt serve`, on SQLite and PostgreSQL: the agent picks a rule, its inputs appear, the
standard amount and the deviation show before anything is sent, the decision is sent and the
claim shows its citation; the same without JavaScript through the "계산" button; no
Content-Security-Policy refusal; axe-core finds no serious violation.

The agent has a ₩10,000 limit and the snack with a foreign object cost ₩45,000 (food-1: 환급 =
구입가), as issue 12's authority test: ₩50,000 is approved (deviation ₩5,000), ₩60,000 waits.
"""
from __future__ import annotations

import re
from typing import Iterator

import pytest

from tests.builders import an_intake
from tests.databases import BACKENDS
from tests.web.browser import STAFF, Served, scan, serving, signed_in

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def a_snack_claim(served: Served, customer_id: str) -> str:
    """A snack with a foreign object, taken by the agent."""
    claim_id = served.call("POST", "", an_intake(
        customer={"id": customer_id, "name": "김민수", "tier": "regular"},
        category="product_mismatch", summary="과자에서 이물질이 나왔습니다",
        order={"id": f"O-{customer_id}", "merchant_id": "M-9", "amount_krw": 45_000}))["id"]
    served.call("POST", f"/{claim_id}/assignment", {"assignee": served.staff["agent"]["id"]})
    return claim_id


@pytest.fixture(scope="module", params=BACKENDS)
def served(request, tmp_path_factory) -> Iterator[Served]:
    with serving(request.param, tmp_path_factory, "standard",
                 {"agent": ("한도만", 10_000), "supervisor": STAFF["supervisor"]}) as served:
        yield served


def decide_form(page):
    return page.locator("section", has=page.get_by_role("heading", name="보상 결정", exact=True))


def refund_50000_citing_food_1_at_45000(form) -> None:
    form.get_by_role("combobox", name=re.compile("^보상")).select_option("refund")
    form.get_by_label("금액 (원)").fill("50000")
    form.get_by_label("적용할 기준").select_option("food-1")
    form.get_by_label(re.compile("^구입가")).fill("45000")


def decisions_table(page) -> str:
    return page.locator("#decisions-title + table").inner_text()


def test_the_agent_sees_the_standard_and_the_deviation_before_sending_and_the_claim_cites_it(
        chromium, served):
    claim_id = a_snack_claim(served, "C-5001")
    page = signed_in(chromium, served, "agent")
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.goto(f"{served.url}/claims/{claim_id}")
    form = decide_form(page)

    refund_50000_citing_food_1_at_45000(form)
    preview = page.locator("#standard-result")
    preview.filter(has_text="행), 결정 금액").wait_for()
    before = preview.inner_text()
    version_before = served.call("GET", f"/{claim_id}")["version"]
    form.get_by_label("고객에게 설명할 근거").fill("이물 혼입: 구입가 환급과 위로금")
    form.get_by_role("button", name="결정", exact=True).click()
    page.wait_for_url(re.compile(r"done=decisions"))

    assert before == ("기준 금액 45,000원 (FTC-2025-12-18, food-1 행), 결정 금액 50,000원, 차이 "
                      "+5,000원. 기준을 넘는 5,000원은 전결 한도 10,000원 안입니다: 바로 승인됩니다.")
    assert served.call("GET", f"/{claim_id}")["version"] == version_before + 1  # one decision
    shown = decisions_table(page)
    assert ("소비자분쟁해결기준 (FTC-2025-12-18, food-1 행): 기준 45,000원, 결정 50,000원, "
            "차이 +5,000원") in shown
    assert "승인" in shown and "승인 대기" not in shown
    decision = served.call("GET", f"/{claim_id}")["decisions"][0]
    assert (decision["standard"]["rule_id"], decision["standard"]["inputs"],
            decision["deviation_krw"]) == ("food-1", {"price_krw": 45_000}, 5_000)
    assert refused == []  # nothing refused by the Content-Security-Policy


def test_60000_on_the_same_standard_is_said_to_wait_before_sending_and_then_waits(
        chromium, served):
    claim_id = a_snack_claim(served, "C-5002")
    page = signed_in(chromium, served, "agent")
    page.goto(f"{served.url}/claims/{claim_id}")
    form = decide_form(page)

    form.get_by_role("combobox", name=re.compile("^보상")).select_option("refund")
    form.get_by_label("적용할 기준").select_option("food-1")
    form.get_by_label(re.compile("^구입가")).fill("45000")
    form.get_by_label("금액 (원)").fill("60000")
    page.locator("#standard-result").filter(has_text="60,000원").wait_for()
    said = page.locator("#standard-result").inner_text()
    whole_amount = page.locator("#decision-preview").inner_text()
    form.get_by_label("고객에게 설명할 근거").fill("이물 혼입: 구입가 환급과 위로금")
    form.get_by_role("button", name="결정", exact=True).click()
    page.wait_for_url(re.compile(r"done=decisions"))

    assert said.endswith("기준을 넘는 15,000원이 나의 전결 한도 10,000원을 넘습니다: "
                         "상급자의 승인을 기다리게 됩니다.")
    assert whole_amount == ""  # the whole amount's preview gives way to the standard's
    assert "승인 대기" in page.locator(".claim-header").inner_text()
    assert "차이 +15,000원" in decisions_table(page)


def test_without_javascript_the_calculate_button_shows_the_standard_and_the_deviation(
        chromium, served):
    claim_id = a_snack_claim(served, "C-5003")
    page = signed_in(chromium, served, "agent", java_script_enabled=False)
    page.goto(f"{served.url}/claims/{claim_id}")

    decide_form(page).get_by_label("적용할 기준").select_option("food-1")
    decide_form(page).get_by_role("button", name="이 기준의 입력 항목 보기").click()
    form = decide_form(page)
    form.get_by_role("combobox", name=re.compile("^보상")).select_option("refund")
    form.get_by_label("금액 (원)").fill("50,000")
    form.get_by_label(re.compile("^구입가")).fill("45,000")
    form.get_by_role("button", name="계산", exact=True).click()
    shown = page.locator("#standard-result").inner_text()
    unchanged = served.call("GET", f"/{claim_id}")["decisions"] == []
    form = decide_form(page)
    form.get_by_label("고객에게 설명할 근거").fill("이물 혼입: 구입가 환급과 위로금")
    form.get_by_role("button", name="결정", exact=True).click()

    assert shown.startswith("기준 금액 45,000원 (FTC-2025-12-18, food-1 행), 결정 금액 50,000원, "
                            "차이 +5,000원.")
    assert unchanged  # the calculation wrote nothing
    assert "보상 결정을 기록했습니다." in page.content()
    assert "소비자분쟁해결기준 (FTC-2025-12-18, food-1 행): 기준 45,000원" in decisions_table(page)


def test_axe_finds_no_serious_violation_on_the_form_citing_the_standard(
        chromium, served, axe):
    claim_id = a_snack_claim(served, "C-5004")
    cited = a_snack_claim(served, "C-5005")
    served.call("POST", f"/{cited}/decisions", {
        "remedy": "refund", "amount_krw": 60_000, "rationale": "이물 혼입",
        "standard": {"rule_id": "food-1", "inputs": {"price_krw": 45_000}}})
    page = signed_in(chromium, served, "agent", bypass_csp=True)
    page.goto(f"{served.url}/claims/{claim_id}")
    form = decide_form(page)
    refund_50000_citing_food_1_at_45000(form)
    page.locator("#standard-result").filter(has_text="행), 결정 금액").wait_for()
    found = {"the form, previewed": scan(page, axe)}
    page.goto(f"{served.url}/claims/{cited}")
    found["a decision citing the standard"] = scan(page, axe)

    assert {name: v for name, v in found.items() if v} == {}

