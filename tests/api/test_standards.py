"""The remedy standard over HTTP: editions, an edition's rules, the calculator, and its refusals
(a missing input named in `errors`, an unknown rule, a role that does not work claims)."""
from __future__ import annotations

from tests.http import a_problem

STANDARDS = "/api/v1/standards"
CALCULATE = "/api/v1/remedies/calculate"


def test_an_auditor_lists_the_editions_oldest_first_with_the_2021_notice_among_them(api):
    response = api.get(STANDARDS, api.team.auditor)

    assert response.status_code == 200
    page = response.get_json()
    assert page["next_cursor"] is None
    assert page["items"][0]["id"] == "FTC-2010-01-29"
    assert {"id": "FTC-2021-05-25", "notice": "공정거래위원회고시 제2021-7호",
            "effective_from": "2021-05-25", "effective_to": "2023-12-19"}.items() <= next(
        e for e in page["items"] if e["id"] == "FTC-2021-05-25").items()


def test_an_agent_reads_the_parcel_rules_of_an_edition_with_the_inputs_they_take(api):
    response = api.get(f"{STANDARDS}/FTC-2021-05-25/rules?item=60", api.team.agent)

    assert response.status_code == 200
    delay = next(rule for rule in response.get_json()["items"] if rule["id"] == "60-3")
    assert delay["item_name"] == "택배 및 퀵서비스업"
    assert delay["dispute_type_ko"] == "운송물 인도 지연 (일반)"
    assert delay["remedies"] == [{
        "kind": "compensate", "kind_ko": "배상", "formula": "capped_multiple_of_fare",
        "formula_ko": "초과일수 × 운임 × 50% (한도: 운임의 200%)",
        "inputs": ["days_late", "fare_krw"], "params": {"percent_per_day": 50, "cap_percent": 200}}]


def test_the_calculator_explains_an_expired_voucher_bought_at_a_discount(api):
    body = {"rule_id": "23-4", "on": "2022-03-01",
            "inputs": {"face_value_krw": 10_000, "paid_krw": 9_000, "remaining_krw": 10_000}}

    response = api.post(CALCULATE, body, api.team.agent)

    assert response.status_code == 200, response.get_json()
    result = response.get_json()
    assert (result["edition"], result["rule_id"]) == ("FTC-2021-05-25", "23-4")
    assert result["remedies"] == [{
        "kind": "refund_cash", "kind_ko": "현금 환급", "amount_krw": 8_100,
        "explanation_ko": "잔액 10,000원 × (지급한 금액 9,000원 / 권면금액 10,000원) = 9,000원; "
                          "× 90% = 8,100원"}]


def test_a_calculation_without_a_needed_input_is_refused_naming_it(api):
    body = {"rule_id": "60-3", "inputs": {"fare_krw": 4_000}}

    response = api.post(CALCULATE, body, api.team.supervisor)

    problem = a_problem(response, 422, "standard-input-missing")
    assert list(problem["errors"]) == ["inputs.days_late"]


def test_unknown_rules_and_editions_are_not_found_and_a_scheduler_may_not_ask(api):
    unknown_rule = api.post(CALCULATE, {"rule_id": "60-99", "inputs": {}}, api.team.agent)
    unknown_edition = api.get(f"{STANDARDS}/FTC-1999-01-01/rules", api.team.agent)
    scheduler = api.get(STANDARDS, api.team.scheduler)

    a_problem(unknown_rule, 404, "standard-unknown-rule")
    a_problem(unknown_edition, 404, "standard-unknown-edition")
    a_problem(scheduler, 403)
