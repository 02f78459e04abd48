"""Vendor links on SQLite and PostgreSQL: an agent makes one for an open fact check; its token
opens that fact check — no customer data — and nothing else; it stops working once expired,
revoked, answered or cancelled; the vendor's answer and files land on the claim as
vendor:<id>."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from casemgmt.application.clock import KST
from tests.evidence.conftest import DUE, issue_link
from tests.evidence.files import (
    EXE,
    download,
    png,
    sha256,
    vendor_get,
    vendor_post,
    vendor_upload,
)
from tests.http import CLAIMS, a_problem, writes_nothing

pytestmark = pytest.mark.own_store(
    "Whole-table checks (nothing stored, rows in the log or the views): a store of its own.")

RECEIPT = png("영업일지 11월 15일")


def test_the_link_carries_its_token_in_the_fragment_and_lives_a_week_past_the_due_date(
        api, claim):
    issued = issue_link(api, claim)

    assert issued["token"].startswith("cmv_") and len(issued["token"]) >= 4 + 43
    assert issued["url"].endswith(f"/vendor#f=fc-1&t={issued['token']}")
    assert datetime.fromisoformat(issued["expires_at"]) == \
        datetime.fromisoformat(DUE) + timedelta(days=7)
    [state] = api.get(f"{CLAIMS}/{claim}", api.team.agent).get_json()["fact_checks"][0][
        "vendor_links"]
    assert (state["id"], state["status"], state["issued_by"]) == (
        issued["link_id"], "active", api.team.agent.id)
    assert "token" not in state


def test_the_token_is_stored_only_as_its_hash(api, linked, services):
    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT token_hash, claim_id FROM vendor_links")
        rows = cur.fetchall()

    assert [(row[0], row[1]) for row in rows] == [(sha256(linked.token.encode()), linked.claim)]


def test_the_vendor_sees_question_order_and_due_date_but_no_customer(api, linked):
    response = vendor_get(api, linked.token)

    assert response.status_code == 200, response.get_json()
    seen = response.get_json()
    assert {k: seen[k] for k in ("id", "category", "order", "status", "attachments")} == {
        "id": "fc-1", "category": "merchant_service", "status": "open", "attachments": [],
        "order": {"id": "O-77", "merchant_id": "M-9", "amount_krw": 89_000}}
    assert seen["question"].startswith("11월 15일과 22일에 매장이 휴업했나요?")
    assert datetime.fromisoformat(seen["due_at"]) == datetime.fromisoformat(DUE)
    assert seen["claim_reference"].startswith("CM-") and linked.claim not in seen["claim_reference"]
    text = response.get_data(as_text=True)
    for personal in ("김민수", "010-1234-5678", "01012345678", "kim@example.com", "C-1001",
                     "부모님을 모시고", "레스토랑 이용권", linked.claim):
        assert personal not in text


def test_the_token_opens_its_fact_check_and_nothing_else(api, linked):
    team = api.team
    api.post(f"{CLAIMS}/{linked.claim}/fact-checks", {
        "vendor": {"id": "M-9", "kind": "merchant"}, "question": "포장 상태는요?"}, team.agent)
    bearer = {"Authorization": f"Bearer {linked.token}"}

    a_problem(vendor_get(api, linked.token, "fc-2"), 403, "other-fact-check")
    for path in (f"{CLAIMS}/{linked.claim}", CLAIMS, f"{CLAIMS}/{linked.claim}/history",
                 "/api/v1/audit/events"):
        a_problem(api.client.get(path, headers=bearer), 401, "unauthenticated")
    with writes_nothing(api, linked.claim):
        a_problem(api.client.post(f"{CLAIMS}/{linked.claim}/notes", json={"text": "x"},
                                  headers=bearer), 401)


def test_no_staff_token_works_on_the_vendor_routes(api, linked):
    for member in api.team.members():
        with writes_nothing(api, linked.claim):
            read = vendor_get(api, member.token)
            answered = vendor_post(api, member.token, "/answer", {"finding": "confirmed"})
        a_problem(read, 401, "unauthenticated")
        a_problem(answered, 401, "unauthenticated")
    a_problem(api.client.get("/api/v1/vendor/fact-checks/fc-1"), 401, "unauthenticated")


def test_the_vendor_answers_with_a_photo_and_the_claim_shows_it_as_the_vendors(api, linked):
    added = vendor_upload(api, linked.token, RECEIPT, "영업일지.png")
    assert added.status_code == 201, added.get_json()
    [listed] = added.get_json()["attachments"]

    answered = vendor_post(api, linked.token, "/answer",
                           {"finding": "disputed", "details": "15일, 22일 모두 정상 영업했습니다."})

    assert answered.status_code == 200 and answered.get_json()["status"] == "answered"
    claim = api.get(f"{CLAIMS}/{linked.claim}", api.team.agent).get_json()
    fact_check = claim["fact_checks"][0]
    assert (fact_check["status"], fact_check["finding"], fact_check["answered_by"]) == (
        "answered", "disputed", "vendor:M-9")
    assert fact_check["details"] == "15일, 22일 모두 정상 영업했습니다."
    assert fact_check["evidence"] == [listed["id"]]
    assert fact_check["vendor_links"][0]["status"] == "closed"
    [photo] = claim["attachments"]
    assert (photo["id"], photo["uploaded_by"], photo["fact_check_id"], photo["sha256"]) == (
        listed["id"], "vendor:M-9", "fc-1", sha256(RECEIPT))
    assert download(api, linked.claim, photo["id"]).get_data() == RECEIPT


def test_the_vendors_events_are_in_the_history_and_the_audit_feed(api, linked):
    vendor_upload(api, linked.token, RECEIPT)
    vendor_post(api, linked.token, "/answer", {"finding": "confirmed"})

    history = api.get(f"{CLAIMS}/{linked.claim}/history", api.team.auditor).get_json()
    feed = api.get("/api/v1/audit/events?limit=500", api.team.auditor).get_json()["items"]

    mine = [(e["type"], e["actor"]) for e in history["events"]][-3:]
    assert mine == [("VendorLinkIssued", api.team.agent.id), ("AttachmentAdded", "vendor:M-9"),
                    ("FactCheckAnswered", "vendor:M-9")]
    assert history["verified"] is True
    assert [(e["type"], e["actor"]) for e in feed][-3:] == mine


def test_a_file_of_no_known_type_from_the_vendor_is_415(api, linked):
    with writes_nothing(api, linked.claim):
        response = vendor_upload(api, linked.token, EXE, "영수증.jpg")

    a_problem(response, 415, "unsupported-file-type")


@pytest.mark.parametrize("ending, problem_type", [
    ("expired", "vendor-link-expired"),
    ("revoked", "vendor-link-revoked"),
    ("replaced", "vendor-link-revoked"),
    ("answered by staff", "vendor-link-fact-check-closed"),
    ("cancelled", "vendor-link-fact-check-closed"),
    ("answered by the vendor", "vendor-link-fact-check-closed"),
])
def test_a_link_that_ended_is_refused_and_writes_nothing(api, linked, clock, ending,
                                                         problem_type):
    base, agent = f"{CLAIMS}/{linked.claim}/fact-checks/fc-1", api.team.agent
    if ending == "expired":
        clock.current = datetime.fromisoformat(linked.expires_at).astimezone(KST)
    elif ending == "revoked":
        assert api.post(f"{base}/vendor-link/revocation", {}, agent).status_code == 200
    elif ending == "replaced":
        issue_link(api, linked.claim)
    elif ending == "answered by staff":
        api.post(f"{base}/answer", {"finding": "confirmed", "details": "전화 확인"}, agent)
    elif ending == "cancelled":
        api.post(f"{base}/cancellation", {"reason": "고객 취하"}, agent)
    else:
        vendor_post(api, linked.token, "/answer", {"finding": "confirmed"})

    with writes_nothing(api, linked.claim):
        answers = [vendor_get(api, linked.token),
                   vendor_post(api, linked.token, "/answer", {"finding": "disputed"}),
                   vendor_upload(api, linked.token, RECEIPT)]

    for response in answers:
        a_problem(response, 401, problem_type)


def test_revoking_shows_on_the_claim_and_twice_is_409(api, linked):
    path = f"{CLAIMS}/{linked.claim}/fact-checks/fc-1/vendor-link/revocation"

    first = api.post(path, {}, api.team.agent)
    again = api.post(path, {}, api.team.agent)

    assert first.status_code == 200
    assert first.get_json()["fact_checks"][0]["vendor_links"][0]["status"] == "revoked"
    a_problem(again, 409)


def test_only_casework_on_their_own_claim_makes_a_link_and_only_for_an_open_fact_check(
        api, claim):
    path = f"{CLAIMS}/{claim}/fact-checks/fc-1/vendor-link"
    with writes_nothing(api, claim):
        by_other = api.post(path, {}, api.team.other_agent)
        by_auditor = api.post(path, {}, api.team.auditor)
        past = api.post(path, {"expires_at": "2026-11-20T09:00:00+09:00"}, api.team.agent)
        unknown = api.post(f"{CLAIMS}/{claim}/fact-checks/fc-9/vendor-link", {}, api.team.agent)
    api.post(f"{CLAIMS}/{claim}/fact-checks/fc-1/cancellation", {"reason": None}, api.team.agent)
    cancelled = api.post(path, {}, api.team.agent)

    a_problem(by_other, 403)
    a_problem(by_auditor, 403, "role-not-allowed")
    assert "expires_at" in a_problem(past, 422)["errors"]
    a_problem(unknown, 404)
    a_problem(cancelled, 409)


def test_a_vendor_retry_with_the_same_idempotency_key_answers_once(api, linked):
    key = {"Idempotency-Key": "vendor-answer-1"}

    first = vendor_post(api, linked.token, "/answer", {"finding": "confirmed"}, headers=key)
    again = vendor_post(api, linked.token, "/answer", {"finding": "confirmed"}, headers=key)

    assert first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    history = api.get(f"{CLAIMS}/{linked.claim}/history", api.team.auditor).get_json()
    assert [e["type"] for e in history["events"]].count("FactCheckAnswered") == 1
