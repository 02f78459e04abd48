"""GET /customers/{id}: the customer 360 — claims, decisions with the approved total, abuse
reports, open agency tracks — masked for auditors, in the access log, 410 after erasure."""
from __future__ import annotations

import pytest

from tests.http import CLAIMS

pytestmark = pytest.mark.own_store(
    "Kim's 360 is every claim of hers and every payment on her orders: a store of its own.")

CUSTOMERS = "/api/v1/customers"
KIM = {"id": "C-1001", "name": "김민수", "phone": "010-1234-5678", "email": "kim@example.com",
       "tier": "regular", "vulnerable": []}
LEE = {"id": "C-2002", "name": "이순신", "phone": "010-9999-0000", "email": "lee@example.com",
       "tier": "vip", "vulnerable": ["senior"]}


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()


def a_history(api, clock) -> dict[str, str]:
    """Kim: a refunded claim (closed), a claim with an abuse report and an open KCA track."""
    team = api.team
    refunded = api.file_claim(customer=KIM)["id"]
    api.take(refunded)
    ok(api.post(f"{CLAIMS}/{refunded}/responses", {"message": "확인", "channel": "phone"},
                team.agent))
    ok(api.post(f"{CLAIMS}/{refunded}/decisions",
                {"remedy": "coupon", "amount_krw": 10_000, "rationale": "사과"}, team.agent))
    ok(api.post(f"{CLAIMS}/{refunded}/decisions",
                {"remedy": "refund", "amount_krw": 89_000, "rationale": "환불"}, team.agent))
    ok(api.post(f"{CLAIMS}/{refunded}/decisions/d-2/approval", {"approved": False, "note": "과다"},
                team.supervisor))
    ok(api.post(f"{CLAIMS}/{refunded}/closure", {"resolution": "resolved", "summary": "쿠폰"},
                team.agent))
    clock.advance(days=3)
    other_order = {"id": "O-88", "merchant_id": "M-1", "amount_krw": 5_000}
    escalated = api.file_claim(customer=KIM, channel="chat", order=other_order)["id"]
    api.take(escalated)
    ok(api.post(f"{CLAIMS}/{escalated}/abuse-reports", {"kind": "verbal_abuse", "details": "욕설"},
                team.agent))
    ok(api.post(f"{CLAIMS}/{escalated}/escalations",
                {"agency": "kca", "agency_reference": "KCA-1",
                 "received_at": clock.now().isoformat()}, team.agent))
    other = api.file_claim(customer=LEE)["id"]
    return {"refunded": refunded, "escalated": escalated, "other": other}


def test_the_360_shows_every_claim_decision_and_the_approved_total(api, clock):
    ids = a_history(api, clock)

    kim = ok(api.get(f"{CUSTOMERS}/C-1001", api.team.agent))

    assert (kim["customer_id"], kim["name"], kim["phone"], kim["tier"]) == (
        "C-1001", "김민수", "010-1234-5678", "regular")
    assert [(c["id"], c["status"], c["channel"]) for c in kim["claims"]] == [
        (ids["escalated"], "escalated", "chat"), (ids["refunded"], "closed", "phone")]
    assert [(c["decision_id"], c["order_id"], c["remedy"], c["amount_krw"], c["status"])
            for c in kim["concessions"]] == [
        ("d-1", "O-77", "coupon", 10_000, "approved"),
        ("d-2", "O-77", "refund", 89_000, "rejected")]
    assert kim["concessions_total_krw"] == 10_000
    assert (kim["abuse_reports"], kim["open_agency_tracks"], kim["open_claims"]) == (1, 1, 1)


def test_an_auditor_sees_the_360_masked(api, clock):
    a_history(api, clock)

    kim = ok(api.get(f"{CUSTOMERS}/C-1001", api.team.auditor))

    assert (kim["name"], kim["phone"], kim["email"]) == ("김*수", "010-****-5678",
                                                         "k***@example.com")


def test_the_360_is_in_the_pii_access_log_for_each_claim_shown(api, clock):
    ids = a_history(api, clock)
    from casemgmt.infrastructure.access_log import AccessQuery

    ok(api.get(f"{CUSTOMERS}/C-1001", api.team.supervisor))

    rows = api.services.access_log.page(AccessQuery(staff_id=api.team.supervisor.id), 100)
    shown = {r["claim_id"] for r in rows if r["endpoint"] == "/api/v1/customers/{customer_id}"}
    assert shown == {ids["refunded"], ids["escalated"]}


def test_an_unknown_customer_is_404(api):
    response = api.get(f"{CUSTOMERS}/C-NOBODY", api.team.agent)

    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"


def test_after_erasure_the_360_is_gone_and_the_look_up_finds_nothing(api, clock):
    ids = a_history(api, clock)
    lee_before = ok(api.get(f"{CUSTOMERS}/C-2002", api.team.agent))

    ok(api.post(f"{CUSTOMERS}/C-1001/erasure", {"reason": "고객 요청 2026-12-01"}, api.team.admin))

    gone = api.get(f"{CUSTOMERS}/C-1001", api.team.agent)
    assert gone.status_code == 410 and gone.get_json()["type"] == "/problems/customer-erased"
    for query in ({"phone": KIM["phone"]}, {"email": KIM["email"]}, {"name": KIM["name"]},
                  {"order_id": "O-88"}):
        assert ok(api.get(CUSTOMERS, api.team.agent, query_string=query))["items"] == []
    assert [i["customer_id"] for i in ok(api.get(
        CUSTOMERS, api.team.agent, query_string={"order_id": "O-77"}))["items"]] == ["C-2002"]
    assert ok(api.get(f"{CUSTOMERS}/C-2002", api.team.agent)) == lee_before
    assert ids["other"] in {c["id"] for c in lee_before["claims"]}


def test_a_customer_back_after_erasure_is_found_by_the_new_claim_only(api, clock):
    a_history(api, clock)
    ok(api.post(f"{CUSTOMERS}/C-1001/erasure", {"reason": "고객 요청"}, api.team.admin))
    clock.advance(days=1)

    new = api.file_claim(customer={**KIM, "phone": "010-7777-8888"})["id"]

    items = ok(api.get(CUSTOMERS, api.team.agent, query_string={"name": KIM["name"]}))["items"]
    assert [(i["customer_id"], i["phone"], i["claims"]) for i in items] == [
        ("C-1001", "010-7777-8888", 3)]
    kim = ok(api.get(f"{CUSTOMERS}/C-1001", api.team.agent))
    assert kim["claims"][0]["id"] == new
