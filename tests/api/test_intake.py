"""POST /claims: intake answers 201 with Location and ETag, refuses bad requests with problem+json
and writes nothing for them; Idempotency-Key replays the first answer."""
from __future__ import annotations

import json

import pytest

from tests.builders import an_intake
from tests.http import CLAIMS, a_problem, writes_nothing
from tests.refs import an_idempotency_key


def test_an_agent_files_a_claim_and_gets_its_location_and_version(api):
    response = api.post(CLAIMS, an_intake(), api.team.agent)

    assert response.status_code == 201
    claim = response.get_json()
    assert response.headers["Location"] == f"{CLAIMS}/{claim['id']}"
    assert response.headers["ETag"] == '"1"'
    assert (claim["version"], claim["status"], claim["assignee"]) == (1, "new", None)
    assert claim["received_at"] == "2026-11-20T10:00:00+09:00"  # defaults to now
    assert claim["filed_by"] == api.team.agent.id
    assert api.get(response.headers["Location"], api.team.agent).get_json() == claim


def test_korean_text_round_trips_unchanged(api):
    claim = api.file_claim(summary="배송 지연: 한 달째 \"준비 중\" 😡", customer={
        "id": "C-7", "name": "남궁민수", "phone": "+82 10-9876-5432"})

    again = api.get(f"{CLAIMS}/{claim['id']}", api.team.supervisor)

    assert again.get_json()["summary"] == "배송 지연: 한 달째 \"준비 중\" 😡"
    assert again.get_json()["customer"]["name"] == "남궁민수"
    assert "남궁민수".encode() in again.get_data()  # UTF-8 on the wire, not \\u escapes


def test_the_optional_parts_of_an_intake_may_be_left_out(api):
    body = {"channel": "board", "category": "delivery", "summary": "택배가 오지 않아요",
            "customer": {"id": "C-2", "name": "이수진"}}

    response = api.post(CLAIMS, body, api.team.supervisor)

    assert response.status_code == 201, response.get_json()
    claim = response.get_json()
    assert claim["order"] is None and claim["customer"]["email"] is None
    assert claim["customer"]["tier"] == "regular"


def test_an_intake_may_say_there_is_no_order_with_null_as_documented(api):
    spec = api.client.get("/openapi.json").get_json()["components"]["schemas"]["IntakeIn"]

    response = api.post(CLAIMS, an_intake(order=None), api.team.agent)

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["order"] is None
    assert spec["properties"]["order"]["nullable"] is True


def test_a_vulnerable_customers_claim_is_flagged_and_prioritised(api):
    claim = api.file_claim(customer={"id": "C-3", "name": "박영자", "vulnerable": ["senior"]})

    assert "vulnerable_customer" in claim["flags"]
    assert claim["priority"] == "high"


BAD_INTAKES = [
    # body (a dict, or raw bytes), status, the field the problem names
    (b'{"channel": "phone",', 400, "_body"),
    (b"[1, 2", 400, "_body"),
    (an_intake(nickname="민수"), 400, "nickname"),
    (an_intake(customer={"id": "C-1", "name": "김민수", "nickname": "민수"}), 400, "customer.nickname"),
    ({k: v for k, v in an_intake().items() if k != "customer"}, 422, "customer"),
    (an_intake(channel="fax"), 422, "channel"),
    (an_intake(category="complaint"), 422, "category"),
    (an_intake(summary=""), 422, "summary"),
    (an_intake(summary="   "), 422, "summary"),
    (an_intake(received_at="2026-12-24T10:00:00+09:00"), 422, "received_at"),
    (an_intake(received_at="2026-11-20T10:00:00"), 422, "received_at"),
    (an_intake(received_at="yesterday"), 422, "received_at"),
    (an_intake(order={"id": "O-1", "amount_krw": -500}), 422, "order.amount_krw"),
    (an_intake(order={"id": "O-1", "amount_krw": 89_000.5}), 422, "order.amount_krw"),
    (an_intake(customer={"id": "C-1", "name": "김민수", "email": "not-an-email"}), 422,
     "customer.email"),
    (an_intake(customer={"id": "C-1", "name": "김민수", "tier": "platinum"}), 422, "customer.tier"),
    (an_intake(customer={"id": "C-1", "name": "김민수", "vulnerable": ["minor"]}), 422,
     "customer.vulnerable.0"),
    ([an_intake()], 422, "_schema"),
]


@pytest.mark.parametrize("body, status, field", BAD_INTAKES,
                         ids=[f"{case[1]}-{case[2]}" for case in BAD_INTAKES])
def test_a_bad_intake_is_refused_with_a_problem_and_files_nothing(api, body, status, field):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()

    with writes_nothing(api):
        response = api.post(CLAIMS, None, api.team.agent, data=raw)

    assert field in a_problem(response, status)["errors"]


def test_only_agents_and_supervisors_file_claims(api):
    for member in (None, api.team.auditor, api.team.scheduler, api.team.admin):
        with writes_nothing(api):
            response = api.post(CLAIMS, an_intake(), member)

        a_problem(response, 401 if member is None else 403)


def test_a_retried_intake_gets_the_first_answer_and_files_nothing_new(api):
    key = {"Idempotency-Key": an_idempotency_key("intake")}
    first = api.post(CLAIMS, an_intake(), api.team.agent, headers=key)
    reordered = dict(reversed(list(an_intake().items())))  # same JSON, keys in another order

    with writes_nothing(api):
        again = api.post(CLAIMS, reordered, api.team.agent, headers=key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json() == first.get_json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Idempotent-Replayed"] == "true"


def test_an_idempotency_key_reused_with_another_body_is_refused_with_422(api):
    key = {"Idempotency-Key": an_idempotency_key("intake")}
    api.post(CLAIMS, an_intake(), api.team.agent, headers=key)

    with writes_nothing(api):
        response = api.post(CLAIMS, an_intake(summary="다른 민원"), api.team.agent, headers=key)

    a_problem(response, 422, "idempotency-key-reused")


def test_idempotency_keys_belong_to_the_staff_member_who_sent_them(api):
    key = {"Idempotency-Key": an_idempotency_key("intake")}

    mine = api.post(CLAIMS, an_intake(), api.team.agent, headers=key)
    theirs = api.post(CLAIMS, an_intake(), api.team.other_agent, headers=key)

    assert theirs.status_code == 201
    assert theirs.get_json()["id"] != mine.get_json()["id"]


def test_a_refused_request_does_not_use_up_its_idempotency_key(api):
    key = {"Idempotency-Key": an_idempotency_key("intake")}
    refused = api.post(CLAIMS, an_intake(channel="fax"), api.team.agent, headers=key)

    retried = api.post(CLAIMS, an_intake(channel="fax"), api.team.agent, headers=key)
    fixed = api.post(CLAIMS, an_intake(), api.team.agent, headers=key)

    assert (refused.status_code, retried.status_code) == (422, 422)
    assert fixed.status_code == 201
    assert "Idempotent-Replayed" not in fixed.headers


@pytest.mark.parametrize("key", ["", "k" * 256, "tab\there"])
def test_an_idempotency_key_that_is_empty_too_long_or_unprintable_is_a_bad_request(api, key):
    with writes_nothing(api):
        response = api.post(CLAIMS, an_intake(), api.team.agent, headers={"Idempotency-Key": key})

    a_problem(response, 400, "bad-idempotency-key")


def test_a_retried_command_gets_the_first_answer_and_writes_nothing_new(api):
    claim_id = api.take(api.file_claim()["id"])["id"]
    note = f"{CLAIMS}/{claim_id}/notes"
    key = {"Idempotency-Key": an_idempotency_key("note")}
    first = api.post(note, {"text": "오후 2시 통화 희망"}, api.team.agent, headers=key)

    with writes_nothing(api, claim_id):
        again = api.post(note, {"text": "오후 2시 통화 희망"}, api.team.agent, headers=key)
    elsewhere = api.post(f"{CLAIMS}/{claim_id}/abuse-reports", {"kind": "threat"},
                         api.team.agent, headers=key)

    assert again.get_json() == first.get_json() and again.headers["ETag"] == '"3"'
    assert len(again.get_json()["notes"]) == 1
    a_problem(elsewhere, 422, "idempotency-key-reused")


def test_a_stored_write_is_answered_as_such_even_when_the_views_cannot_follow(api, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a view failed to apply an event")

    monkeypatch.setattr(api.services.projections, "wait_for", broken)

    filed = api.post(CLAIMS, an_intake(), api.team.agent)
    noted = api.post(f"{CLAIMS}/{filed.get_json()['id']}/notes", {"text": "메모"},
                     api.team.supervisor)

    assert (filed.status_code, noted.status_code) == (201, 200)
    assert api.version(filed.get_json()["id"]) == 2
