"""The whole life of one claim over HTTP, each step sent with the ETag of the step before:
intake, assignment, a vendor fact check, a response, a refund beyond the agent's limit approved
by a supervisor, a KCA escalation to its outcome, closure, satisfaction and reopening. Then the
claim read as it stood, and an auditor who sees every step without the customer's identity."""
from __future__ import annotations

import pytest

from tests.builders import an_intake
from tests.http import CLAIMS
from tests.refs import a_customer_id

KCA_RECEIVED = "2026-11-20T13:30:00+09:00"


def walk(api, clock, customer_id: str) -> tuple[str, list[dict]]:
    """Send every step; return the claim id and the claim after each (index = version - 1)."""
    team = api.team
    created = api.post(CLAIMS, an_intake(customer_id), team.agent)
    assert created.status_code == 201
    claim = created.get_json()
    seen = [claim]

    def step(path: str, body: dict, by=team.agent, status: int = 200) -> dict:
        clock.advance(hours=1)
        response = api.post(f"{CLAIMS}/{claim['id']}{path}", body, by,
                            headers={"If-Match": f'"{seen[-1]["version"]}"'})
        assert response.status_code == status, (path, response.get_json())
        assert response.headers["ETag"] == f'"{len(seen) + 1}"'
        seen.append(response.get_json())
        return seen[-1]

    step("/assignment", {"assignee": team.agent.id})
    step("/fact-checks", {"vendor": {"id": "M-9", "kind": "merchant"},
                          "question": "11월 14일과 15일에 영업하셨나요?"}, status=201)
    step("/fact-checks/fc-1/answer", {"finding": "confirmed", "details": "두 날 모두 임시휴업",
                                      "evidence": ["휴업공지.png"]})
    step("/responses", {"message": "휴업이 확인되어 환불을 진행하겠습니다.", "channel": "phone"})
    step("/decisions", {"remedy": "refund", "amount_krw": 89_000,
                        "rationale": "가맹점 휴업으로 이용 불가: 전액 환불"})
    step("/decisions/d-1/approval", {"approved": True, "note": "휴업 확인"}, by=team.supervisor)
    step("/escalations", {"agency": "kca", "agency_reference": "KCA-2026-1120",
                          "received_at": KCA_RECEIVED})
    step("/escalations/e-1/stage", {"stage": "settlement_recommended",
                                    "details": "위약금 10% 추가 권고"})
    step("/escalations/e-1/replies", {"message": "권고를 수용합니다."})
    step("/escalations/e-1/outcome", {"outcome": "recommendation_accepted",
                                      "details": "환불과 위약금 지급"})
    step("/closure", {"resolution": "resolved", "summary": "전액 환불 및 위약금 지급"})
    step("/satisfaction", {"score": 9, "via": "happy_call", "comment": "처리가 빨랐어요"})
    step("/reopening", {"reason": "위약금이 입금되지 않음"})
    return claim["id"], seen


@pytest.fixture
def customer_id() -> str:
    return a_customer_id()


@pytest.fixture
def walked(api, clock, customer_id):
    return walk(api, clock, customer_id)


def test_each_step_moves_the_claim_as_api_md_says(api, walked):
    _, seen = walked
    team = api.team

    assert [c["status"] for c in seen] == [
        "new", "in_progress", "awaiting_vendor", "in_progress", "in_progress",
        "awaiting_approval", "in_progress", "escalated", "escalated", "escalated",
        "in_progress", "closed", "closed", "in_progress"]
    assert [c["version"] for c in seen] == list(range(1, 15))
    assert seen[2]["fact_checks"][0]["status"] == "open" and seen[2]["fact_checks"][0]["due_at"]
    assert seen[3]["fact_checks"][0]["finding"] == "confirmed"
    assert seen[4]["first_response_at"] == "2026-11-20T14:00:00+09:00"
    pending, approved = seen[5]["decisions"][0], seen[6]["decisions"][0]
    assert (pending["status"], pending["proposed_by"]) == ("pending_approval", team.agent.id)
    assert (approved["status"], approved["decided_by"]) == ("approved", team.supervisor.id)
    assert seen[7]["priority"] == "urgent" and "agency_escalation" in seen[7]["flags"]
    assert seen[7]["escalations"][0]["deadlines"]
    assert seen[8]["escalations"][0]["stage"] == "settlement_recommended"
    assert seen[9]["escalations"][0]["replies"][0]["message"] == "권고를 수용합니다."
    assert seen[10]["escalations"][0]["outcome"] == "recommendation_accepted"
    assert (seen[11]["resolution"], seen[11]["closed_at"]) == (
        "resolved", "2026-11-20T21:00:00+09:00")
    assert seen[12]["satisfaction"]["score"] == 9
    assert seen[13]["reopen_count"] == 1 and "reopened" in seen[13]["flags"]
    assert seen[13]["closed_at"] is None and seen[13]["satisfaction"] is None


def test_every_version_reads_back_as_the_step_answered_it(api, walked):
    claim_id, seen = walked

    for version, answered in enumerate(seen, start=1):
        response = api.get(f"{CLAIMS}/{claim_id}?version={version}", api.team.supervisor)

        assert response.headers["ETag"] == f'"{version}"'
        assert response.get_json() == answered


def test_as_of_a_moment_reads_the_claim_as_it_stood_then(api, walked):
    claim_id, seen = walked

    def as_of(moment: str) -> dict:
        response = api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor,
                           query_string={"as_of": moment})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    assert as_of("2026-11-20T10:00:00+09:00") == seen[0]
    assert as_of("2026-11-20T14:59:59+09:00") == seen[4]
    assert as_of("2026-11-20T08:00:00Z")["status"] == "escalated"  # 17:00 in Seoul
    assert as_of("2026-12-31T00:00:00+09:00") == seen[-1]


def test_an_auditor_sees_every_step_with_the_customer_masked(api, walked, customer_id):
    claim_id, seen = walked
    masked = {"id": customer_id, "name": "김*수", "phone": "010-****-5678",
              "email": "k***@example.com", "tier": "regular", "vulnerable": []}
    reads = [f"{CLAIMS}/{claim_id}", f"{CLAIMS}/{claim_id}?as_of=2026-11-20T16:30:00%2B09:00"]
    reads += [f"{CLAIMS}/{claim_id}?version={v}" for v in range(1, len(seen) + 1)]

    for path in reads:
        body = api.get(path, api.team.auditor).get_json()
        assert body["customer"] == masked, path
        assert body == {**api.get(path, api.team.supervisor).get_json(), "customer": masked}
    queue = api.get(f"{CLAIMS}?customer_id={customer_id}", api.team.auditor).get_json()["items"]
    assert [item["customer"] for item in queue] == [masked]
    assert "김민수" not in api.get(f"{CLAIMS}/{claim_id}", api.team.auditor).get_data(as_text=True)


def test_caseworkers_see_the_customer_as_given(api, walked):
    claim_id, seen = walked

    for member in (api.team.agent, api.team.supervisor, api.team.scheduler):
        assert api.get(f"{CLAIMS}/{claim_id}", member).get_json()["customer"]["name"] == "김민수"
    assert all(c["customer"]["phone"] == "010-1234-5678" for c in seen)
