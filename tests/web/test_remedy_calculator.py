"""The remedy calculator page: the edition in force today by default, the rules grouped by item,
the chosen rule's inputs asked with the tables' labels, the standard's remedies with amounts and
the Korean explanation, the edition and rule version cited, and refusals in Korean."""
from __future__ import annotations

import re

import pytest

from tests.web.test_claim_pages import field_error

IN_FORCE = "FTC-2025-12-18"  # the tests' clock reads 2026-11-20
PARCEL_LATE = {"edition": IN_FORCE, "rule": "60-3", "step": "calculate",
               "inputs.days_late": "3", "inputs.fare_krw": "4,000"}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_parcel_3_days_late_on_a_4000_won_fare_is_owed_6000_won(workspace):
    desk = workspace.desk(workspace.team.agent)

    page = desk.get("/remedies", query_string=PARCEL_LATE)

    assert page.status == 200
    result = text(page.html[page.html.index('id="result"'):])
    assert "배상 6,000원" in result
    assert "소비자분쟁해결기준 FTC-2025-12-18" in result and "60-3 행" in result
    assert "FTC-2010-01-29 판부터" in result  # the rule's version, cited
    assert "옮겨 적은 내용의 신뢰도: 2차 출처" in result


def test_the_page_starts_at_the_edition_in_force_today_with_the_rules_grouped_by_item(workspace):
    page = workspace.desk(workspace.team.supervisor).get("/remedies")

    selected = re.search(r'<option value="([^"]+)" selected>([^<]*)</option>', page.html)
    assert page.status == 200
    assert selected.group(1) == IN_FORCE and "(오늘 시행 중)" in selected.group(2)
    assert '<optgroup label="60 택배 및 퀵서비스업">' in page.html
    assert '<option value="60-3">60-3 운송물 인도 지연 (일반)</option>' in page.html
    assert "먼저 분쟁 유형을 고르세요" in page.html


def test_choosing_a_rule_asks_for_its_inputs_with_the_tables_labels(workspace):
    page = workspace.desk(workspace.team.agent).get(
        "/remedies", query_string={"edition": IN_FORCE, "rule": "60-3"})

    labels = re.findall(r'<label for="calculate-inputs-[a-z-]+">([^<]+?) <span', page.html)
    assert labels == ["초과일수 (일)", "운임 (원)"]
    assert "초과일수 × 운송장 기재 운임액 × 50% (운임액의 200% 한도)" in page.html


def test_a_missing_input_is_refused_in_korean_next_to_its_field(workspace):
    asked = {**PARCEL_LATE, "inputs.days_late": ""}

    page = workspace.desk(workspace.team.agent).get("/remedies", query_string=asked)

    assert page.status == 422
    assert field_error(page.html, "calculate-inputs-days-late") == (
        "오류: 초과일수을(를) 입력하세요 (일).")
    assert "계산하지 않았습니다." in page.html and 'id="result"' not in page.html
    assert 'value="4,000"' in page.html  # what was typed stays


def test_a_value_the_formula_refuses_is_explained_in_korean_next_to_its_field(workspace):
    worthless_voucher = {"edition": IN_FORCE, "rule": "23-4", "step": "calculate",
                         "inputs.face_value_krw": "0", "inputs.paid_krw": "0",
                         "inputs.remaining_krw": "0"}

    page = workspace.desk(workspace.team.agent).get("/remedies", query_string=worthless_voucher)

    assert page.status == 422
    assert field_error(page.html, "calculate-inputs-face-value-krw") == (
        "오류: 권면금액은 0원보다 커야 합니다.")


def test_a_voucher_bought_for_9000_worth_10000_expired_unused_is_owed_8100_won(workspace):
    voucher = {"edition": IN_FORCE, "rule": "23-4", "step": "calculate",
               "inputs.face_value_krw": "10000", "inputs.paid_krw": "9000",
               "inputs.remaining_krw": "10000"}

    page = workspace.desk(workspace.team.agent).get("/remedies", query_string=voucher)

    assert page.status == 200 and "8,100원" in text(page.html[page.html.index('id="result"'):])


def test_a_rule_not_in_the_chosen_edition_is_explained(workspace):
    page = workspace.desk(workspace.team.agent).get(
        "/remedies", query_string={"edition": IN_FORCE, "rule": "no-such-rule"})

    assert page.status == 422
    assert "고른 판에는 없는 기준입니다" in page.html


@pytest.mark.parametrize("role", ["agent", "supervisor", "auditor", "admin"])
def test_every_role_the_api_admits_finds_the_calculator_in_the_menu(workspace, role):
    desk = workspace.desk(getattr(workspace.team, role))

    page = desk.get("/remedies", query_string=PARCEL_LATE)

    assert page.status == 200 and "6,000원" in page.html
    assert '<a href="/remedies" aria-current="page">분쟁해결기준 계산기</a>' in page.html


def test_the_scheduler_has_no_calculator(workspace):
    desk = workspace.desk(workspace.team.scheduler)

    page = desk.get("/remedies")

    assert page.status == 403 and "분쟁해결기준 계산기</a>" not in desk.get("/").html
