"""The decision form citing the remedy standard, through Flask's test client on both backends:
the rules offered (the claim's category's first), the server's "계산" without JavaScript, the
JSON preview the script asks, the citation sent as the API takes it, and how the decision then
shows it. An agent with a ₩10,000 limit, a foreign object in a ₩45,000 snack (food-1: 환급 =
구입가), as issue 12's authority test."""
from __future__ import annotations

import re

import pytest

from tests.builders import Member
from tests.web.test_claim_pages import field_error

pytestmark = pytest.mark.own_store(
    "Decisions look up the order's earlier payments over the whole store: a store per test.")

IN_FORCE = "FTC-2025-12-18"  # the tests' clock reads 2026-11-20
FOOD = {"form_id": "decisions", "remedy": "refund", "standard.rule_id": "food-1",
        "standard.inputs": "", "standard.inputs.price_krw": "45,000", "standard.on": "",
        "rationale": "이물 혼입: 구입가 환급과 위로금"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#34;", '"')


def an_agent_with_a_10000_limit(workspace) -> Member:
    staff, token = workspace.services.casemgmt.add_staff("한도만", "agent", 10_000)
    return Member(id=str(staff.id), token=token, actor=staff.as_actor())


def a_claim_of(workspace, agent: Member, category: str = "product_mismatch") -> str:
    claim_id = workspace.file_claim(agent, category=category, summary="과자에서 이물질이 나왔습니다")
    workspace.take(claim_id, agent)
    return claim_id


def preview_of(html: str) -> str:
    start = html.index(">", html.index('id="decision-standard-preview"')) + 1
    return text(html[start:html.index("</div>", start)]).strip()


def decisions_table(html: str) -> str:
    start = html.index('id="decisions-title"')
    return text(html[start:html.index("</table>", start)])


def test_the_rules_of_the_claims_category_come_first(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent, category="delivery")

    page = workspace.desk(agent).get(f"/claims/{claim_id}")

    groups = re.findall(r'<optgroup label="([^"]+)">', page.html[page.html.index(
        'id="decisions-standard-rule-id"'):])
    assert groups[0] == "60 택배 및 퀵서비스업 (이 클레임 유형에 맞는 기준)"
    assert "23 상품권 관련업" in groups[1:]  # every other rule still offered, after
    assert "판: 접수일에 시행 중인 FTC-2025-12-18" in text(page.html)


def test_without_javascript_the_calculate_button_shows_the_standard_and_the_deviation(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent)
    desk = workspace.desk(agent)
    version = workspace.claim(claim_id).version

    asked = desk.command(claim_id, "/decisions/standard",
                         {**FOOD, "amount_krw": "50,000", "step": "calculate"})

    assert asked.status == 200
    assert preview_of(asked.html).startswith(
        "기준 금액 45,000원 (FTC-2025-12-18, food-1 행), 결정 금액 50,000원, 차이 +5,000원. "
        "기준을 넘는 5,000원은 전결 한도 10,000원 안입니다: 바로 승인됩니다.")
    assert "구입가 45,000원 전액 = 45,000원" in preview_of(asked.html)
    # the form comes back as typed, ready to send
    assert 'value="50,000"' in asked.html and 'value="45,000"' in asked.html
    assert "이물 혼입: 구입가 환급과 위로금</textarea>" in asked.html
    assert workspace.claim(claim_id).version == version  # nothing written


def test_choosing_a_rule_without_javascript_asks_for_its_inputs(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent, category="delivery")

    page = workspace.desk(agent).command(claim_id, "/decisions/standard", {
        "form_id": "decisions", "standard.rule_id": "60-3", "step": "rule"})

    labels = re.findall(r'<label for="decisions-standard-inputs-[a-z-]+">([^<]+?) <span',
                        page.html)
    assert page.status == 200 and labels == ["초과일수 (일)", "운임 (원)"]
    assert "초과일수 × 운임 × 50% (한도: 운임의 200%)" in page.html
    assert '<button type="submit" class="secondary" formaction="/claims/' in page.html
    assert ">계산</button>" in page.html


def test_the_preview_says_when_the_deviation_goes_beyond_the_limit(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent)

    asked = workspace.desk(agent).command(claim_id, "/decisions/standard",
                                          {**FOOD, "amount_krw": "60000", "step": "calculate"})

    assert preview_of(asked.html).startswith(
        "기준 금액 45,000원 (FTC-2025-12-18, food-1 행), 결정 금액 60,000원, 차이 +15,000원. "
        "기준을 넘는 15,000원이 나의 전결 한도 10,000원을 넘습니다: 상급자의 승인을 기다리게 됩니다.")


def test_the_script_gets_the_rules_inputs_and_the_preview_as_json(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent, category="delivery")
    desk = workspace.desk(agent)
    late = {"form_id": "decisions", "remedy": "partial_refund", "amount_krw": "4000",
            "standard.rule_id": "60-3", "standard.inputs.days_late": "3",
            "standard.inputs.fare_krw": "4000", "step": "calculate", "csrf_token": desk.csrf}

    answer = desk.client.post(f"/claims/{claim_id}/decisions/standard", data=late,
                              headers={"Accept": "application/json"})

    body = answer.get_json()
    assert answer.status_code == 200
    assert [spec["name"] for spec in body["rule"]["inputs"]] == ["days_late", "fare_krw"]
    assert body["preview"]["standard_krw"] == 6_000 and body["preview"]["deviation_krw"] == -2_000
    assert body["preview"]["summary_ko"].endswith(
        "기준 금액 이내라 전결 한도가 필요 없습니다: 바로 승인됩니다.")


def test_a_50000_refund_on_a_45000_standard_is_approved_and_shows_its_citation(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent)
    desk = workspace.desk(agent)

    sent = desk.command(claim_id, "/decisions", {**FOOD, "amount_krw": "50,000"})

    assert sent.status == 303
    decision = workspace.claim(claim_id).decisions[0]
    assert (decision.status, decision.amount_krw) == ("approved", 50_000)
    assert (decision.standard["edition"], decision.standard["rule_id"],
            decision.standard["inputs"]) == (IN_FORCE, "food-1", {"price_krw": 45_000})
    shown = decisions_table(desk.get(sent.location).html)
    assert ("소비자분쟁해결기준 (FTC-2025-12-18, food-1 행): 기준 45,000원, 결정 50,000원, "
            "차이 +5,000원 (전결 한도에 든 금액 5,000원)") in shown
    assert "승인" in shown and "승인 대기" not in shown


def test_60000_on_the_same_standard_waits_for_a_supervisor(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent)
    desk = workspace.desk(agent)

    sent = desk.command(claim_id, "/decisions", {**FOOD, "amount_krw": "60000"})

    assert sent.status == 303
    assert workspace.claim(claim_id).decisions[0].status == "pending_approval"
    page = desk.get(sent.location)
    assert "차이 +15,000원 (전결 한도에 든 금액 15,000원)" in decisions_table(page.html)
    assert "승인 대기" in text(page.html[page.html.index('class="claim-header'):])


def test_the_timeline_names_the_citation_in_korean(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent)
    desk = workspace.desk(agent)
    desk.command(claim_id, "/decisions", {**FOOD, "amount_krw": "50000"})

    timeline = text(desk.get(f"/claims/{claim_id}").html.split('class="timeline"')[1])

    assert "분쟁해결기준 판 FTC-2025-12-18" in timeline and "기준 행 food-1" in timeline
    assert "기준 금액 45,000원" in timeline


def test_a_missing_input_is_refused_next_to_its_field_and_nothing_is_written(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent)
    desk = workspace.desk(agent)
    version = workspace.claim(claim_id).version

    sent = desk.command(claim_id, "/decisions", {**FOOD, "amount_krw": "50000",
                                                 "standard.inputs.price_krw": ""})
    asked = desk.command(claim_id, "/decisions/standard", {
        **FOOD, "amount_krw": "50000", "standard.inputs.price_krw": "", "step": "calculate"})

    assert sent.status == 422 and asked.status == 422
    assert field_error(sent.html, "decisions-standard-inputs-price-krw") == (
        "오류: 이 기준이 묻는 항목입니다. 값을 입력하세요.")
    assert field_error(asked.html, "decisions-standard-inputs-price-krw") == (
        "오류: 구입가을(를) 입력하세요 (원).")
    assert workspace.claim(claim_id).version == version


def test_a_rule_that_gives_no_amount_for_the_remedy_is_explained(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent, category="delivery")
    late = {"form_id": "decisions", "remedy": "refund", "amount_krw": "6000",
            "standard.rule_id": "60-3", "standard.inputs": "", "standard.inputs.days_late": "3",
            "standard.inputs.fare_krw": "4000", "rationale": "배송 지연"}

    sent = workspace.desk(agent).command(claim_id, "/decisions", late)

    assert sent.status == 422
    assert field_error(sent.html, "decisions-standard-rule-id").startswith(
        "오류: 이 기준은 고른 보상에 금액을 정하지 않습니다.")
    assert workspace.claim(claim_id).decisions == []


def test_a_decision_citing_nothing_keeps_todays_rule(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent)

    sent = workspace.desk(agent).command(claim_id, "/decisions", {
        **FOOD, "standard.rule_id": "", "standard.inputs.price_krw": "", "amount_krw": "50000"})

    assert sent.status == 303
    decision = workspace.claim(claim_id).decisions[0]
    assert (decision.status, decision.standard) == ("pending_approval", None)


@pytest.mark.parametrize("role", ["auditor", "scheduler"])
def test_roles_the_api_refuses_decisions_get_no_preview(workspace, role):
    claim_id = workspace.file_claim()
    desk = workspace.desk(getattr(workspace.team, role))

    asked = desk.command(claim_id, "/decisions/standard", {**FOOD, "amount_krw": "50000",
                                                           "step": "calculate"})

    assert asked.status == 403 and "기준 금액" not in asked.html


def test_an_agent_the_claim_is_not_assigned_to_gets_a_403_not_a_preview(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent)
    desk = workspace.desk(workspace.team.other_agent)

    asked = desk.command(claim_id, "/decisions/standard", {**FOOD, "amount_krw": "50000",
                                                           "step": "calculate"})
    as_json = desk.client.post(f"/claims/{claim_id}/decisions/standard",
                               data={**FOOD, "amount_krw": "50000", "step": "calculate",
                                     "csrf_token": desk.csrf},
                               headers={"Accept": "application/json"})

    assert asked.status == 403 and "기준 금액" not in text(asked.html)
    assert "내게 배정된 클레임만 변경할 수 있습니다" in text(asked.html)
    assert as_json.status_code == 403 and "preview" not in as_json.get_json()
    assert as_json.get_json()["errors"]["_form"]


def test_a_day_given_cites_the_edition_in_force_that_day(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent, category="merchant_service")
    trip = {"form_id": "decisions", "remedy": "refund", "amount_krw": "900,000",
            "standard.rule_id": "overseas_travel-1", "standard.inputs": "",
            "standard.inputs.tour_price_krw": "1,000,000", "standard.inputs.paid_krw": "1,000,000",
            "standard.inputs.days_before_departure": "8", "standard.on": "2011-06-01",
            "rationale": "출발 8일 전 취소"}

    sent = workspace.desk(agent).command(claim_id, "/decisions", trip)

    assert sent.status == 303
    shown = decisions_table(workspace.desk(agent).get(sent.location).html)
    # in the 2010 edition the traveller lost 10% eight days before departure; since 2014, 20%
    assert "소비자분쟁해결기준 (FTC-2010-01-29, overseas_travel-1 행): 기준 900,000원" in shown
    assert "(기준 이내: 전결 한도에 들지 않음)" in shown


def test_a_rule_changed_without_javascript_and_sent_asks_for_its_own_inputs(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    claim_id = a_claim_of(workspace, agent, category="delivery")
    desk = workspace.desk(agent)
    # the page showed food-1's input; the agent picked 60-3 and pressed 결정 at once
    switched = desk.command(claim_id, "/decisions", {
        **FOOD, "standard.rule_id": "60-3", "remedy": "partial_refund", "amount_krw": "6000"})
    # no rule's inputs were on the page: the rule was picked and 결정 pressed
    unasked = {k: v for k, v in FOOD.items() if not k.startswith("standard.inputs")}
    blind = desk.command(claim_id, "/decisions", {**unasked, "amount_krw": "50000"})

    assert switched.status == 422 and blind.status == 422
    assert field_error(switched.html, "decisions-standard-inputs-days-late") == (
        "오류: 이 기준이 묻는 항목입니다. 값을 입력하세요.")
    labels = re.findall(r'<label for="decisions-standard-inputs-[a-z-]+">([^<]+?) <span',
                        switched.html)
    assert labels == ["초과일수 (일)", "운임 (원)"]  # the chosen rule's inputs, ready to fill
    assert ('먼저 "이 기준의 입력 항목 보기"를 누르세요.' in
            text(blind.html[blind.html.index('id="decisions-standard-inputs-errors"'):]))
    assert workspace.claim(claim_id).decisions == []


def test_a_second_payment_on_the_same_order_is_said_to_wait_whatever_the_standard(workspace):
    agent = an_agent_with_a_10000_limit(workspace)
    first, second = a_claim_of(workspace, agent), a_claim_of(workspace, agent)  # order O-77
    desk = workspace.desk(agent)
    assert desk.command(first, "/decisions", {**FOOD, "amount_krw": "45000"}).status == 303

    asked = desk.command(second, "/decisions/standard",
                         {**FOOD, "amount_krw": "45000", "step": "calculate"})
    sent = desk.command(second, "/decisions", {**FOOD, "amount_krw": "45000"})

    assert preview_of(asked.html).startswith(
        "기준 금액 45,000원 (FTC-2025-12-18, food-1 행), 결정 금액 45,000원, 차이 ±0원. 같은 주문에 "
        "이미 승인된 지급이 있어 한도와 관계없이 상급자의 승인을 기다리게 됩니다 (중복 보상 확인).")
    assert sent.status == 303
    assert workspace.claim(second).decisions[0].status == "pending_approval"  # as said
