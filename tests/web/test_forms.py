"""Form fields become the API's JSON body and are judged by the API's own schema; the schema's
words come back in Korean, keyed by the control's name."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from casemgmt.api.schemas import claims_in
from casemgmt.web.forms import read


def test_nested_fields_numbers_and_local_times_become_the_api_body():
    form = MultiDict([("vendor.id", "M-9"), ("vendor.kind", "merchant"), ("question", " 휴업? "),
                      ("due_at", "2026-11-24T18:00")])

    body, errors = read(claims_in.FactCheckIn, form)

    assert errors == {}
    assert body["vendor"] == {"id": "M-9", "kind": "merchant"} and body["question"] == "휴업?"
    assert body["due_at"].isoformat() == "2026-11-24T18:00:00+09:00"


def test_an_empty_optional_group_is_no_group_and_won_accepts_thousands_separators():
    form = MultiDict([("channel", "phone"), ("category", "delivery"), ("customer.id", "C-1"),
                      ("customer.name", "김민수"), ("customer.vulnerable", "senior"),
                      ("customer.vulnerable", "visually_impaired"), ("order.id", ""),
                      ("order.amount_krw", ""), ("summary", "배송 지연")])

    body, errors = read(claims_in.IntakeIn, form)

    assert errors == {}
    assert body["order"] is None
    assert body["customer"]["vulnerable"] == ["senior", "visually_impaired"]
    assert read(claims_in.DecisionIn, MultiDict(
        [("remedy", "refund"), ("amount_krw", "89,000"), ("rationale", "휴업")]))[0][
        "amount_krw"] == 89_000


def test_errors_are_korean_and_keyed_by_the_controls_name():
    form = MultiDict([("channel", "fax"), ("customer.id", "C-1"), ("customer.name", "김민수"),
                      ("customer.email", "kim-at-example"), ("summary", "")])

    body, errors = read(claims_in.IntakeIn, form)

    assert body is None
    assert errors == {"channel": ["목록에 있는 값을 고르세요."], "category": ["필수 항목입니다."],
                      "customer.email": ["이메일 주소 형식이 아닙니다."],
                      "summary": ["필수 항목입니다."]}


def test_a_score_out_of_range_is_explained():
    body, errors = read(claims_in.SatisfactionIn, MultiDict([("score", "11"), ("via", "survey")]))

    assert errors == {"score": ["0부터 10까지의 숫자를 입력하세요."]}
