"""The duplicate-compensation guard over HTTP: a second money decision on an order already
compensated waits for a supervisor, whatever the proposer's authority, citing the first."""
from __future__ import annotations

import pytest

from tests.builders import Member
from tests.http import CLAIMS

pytestmark = pytest.mark.own_store(
    "Counts and payments over the whole store: each test has one of its own.")

REFUND = {"remedy": "refund", "amount_krw": 89_000, "rationale": "휴업으로 이용 불가"}


@pytest.fixture
def big_agent(api) -> Member:
    """An agent whose authority covers any refund here: only the guard can hold them."""
    staff, token = api.services.casemgmt.add_staff("한도큰상담사", "agent", 5_000_000)
    return Member(id=str(staff.id), token=token, actor=staff.as_actor())


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()


def a_claim_on(api, agent: Member, order_id: str, customer_id: str) -> str:
    claim_id = api.file_claim(agent, order={"id": order_id, "merchant_id": "M-9",
                                            "amount_krw": 89_000},
                              customer={"id": customer_id, "name": "김민수", "tier": "regular",
                                        "phone": "010-1234-5678", "email": None,
                                        "vulnerable": []})["id"]
    api.take(claim_id, agent)
    return claim_id


def decide(api, agent: Member, claim_id: str, body=REFUND) -> dict:
    claim = ok(api.post(f"{CLAIMS}/{claim_id}/decisions", body, agent))
    return claim["decisions"][-1]


def test_a_second_refund_on_the_same_order_waits_citing_the_first(api, big_agent):
    first = a_claim_on(api, big_agent, "O-77", "C-1")
    second = a_claim_on(api, big_agent, "O-77", "C-2")  # e.g. the gift's recipient
    assert decide(api, big_agent, first)["status"] == "approved"

    held = decide(api, big_agent, second)

    assert held["status"] == "pending_approval"
    assert held["hold"] == "duplicate_compensation"
    assert held["previous"] == [{"claim_id": first, "decision_id": "d-1", "amount_krw": 89_000}]
    claim = ok(api.get(f"{CLAIMS}/{second}", api.team.supervisor))
    assert claim["status"] == "awaiting_approval"


def test_a_supervisor_approves_the_held_refund_and_the_approval_records_the_first(
        api, big_agent):
    first = a_claim_on(api, big_agent, "O-77", "C-1")
    second = a_claim_on(api, big_agent, "O-77", "C-2")
    decide(api, big_agent, first)
    decide(api, big_agent, second)

    claim = ok(api.post(f"{CLAIMS}/{second}/decisions/d-1/approval",
                        {"approved": True, "note": "별개 하자 확인"}, api.team.senior))

    decision = claim["decisions"][0]
    assert (decision["status"], decision["decided_by"]) == ("approved", api.team.senior.id)
    assert decision["acknowledged_previous"] == [
        {"claim_id": first, "decision_id": "d-1", "amount_krw": 89_000}]


def test_a_refund_on_another_order_is_approved_at_once(api, big_agent):
    first = a_claim_on(api, big_agent, "O-77", "C-1")
    other = a_claim_on(api, big_agent, "O-88", "C-1")
    decide(api, big_agent, first)

    decision = decide(api, big_agent, other)

    assert (decision["status"], decision["hold"], decision["previous"]) == ("approved", None, [])


def test_a_decision_without_money_on_a_paid_order_is_not_held(api, big_agent):
    first = a_claim_on(api, big_agent, "O-77", "C-1")
    second = a_claim_on(api, big_agent, "O-77", "C-2")
    decide(api, big_agent, first)

    decision = decide(api, big_agent, second, {"remedy": "exchange", "amount_krw": 0,
                                               "rationale": "동일 상품 교환"})

    assert (decision["status"], decision["hold"]) == ("approved", None)


def test_an_acknowledgement_missing_a_later_payment_is_refused(api, big_agent):
    first = a_claim_on(api, big_agent, "O-77", "C-1")
    second = a_claim_on(api, big_agent, "O-77", "C-2")
    third = a_claim_on(api, big_agent, "O-77", "C-3")
    decide(api, big_agent, first)
    decide(api, big_agent, second)
    decide(api, big_agent, third)
    ok(api.post(f"{CLAIMS}/{third}/decisions/d-1/approval", {"approved": True},
                api.team.senior))
    cited_only = [{"claim_id": first, "decision_id": "d-1"}]

    refused = api.post(f"{CLAIMS}/{second}/decisions/d-1/approval",
                       {"approved": True, "acknowledged_previous": cited_only},
                       api.team.senior)
    accepted = api.post(f"{CLAIMS}/{second}/decisions/d-1/approval",
                        {"approved": True, "acknowledged_previous": [
                            *cited_only, {"claim_id": third, "decision_id": "d-1"}]},
                        api.team.senior)

    assert refused.status_code == 409
    assert refused.get_json()["type"] == "/problems/approval-unseen-previous"
    assert third in refused.get_json()["detail"]
    assert ok(accepted)["decisions"][0]["status"] == "approved"
