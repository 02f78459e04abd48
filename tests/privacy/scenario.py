"""A customer whose every personal detail is a canary, taken through a claim's whole life over
HTTP: every free text the API takes carries the canary word."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casemgmt.application.clock import KST
from tests.builders import an_intake
from tests.http import CLAIMS

NAME = "카나리아홍길순"
PHONE = "010-9137-4628"
EMAIL = "zq.canary.7731@example.org"
WORD = "ZQCANARY7731"              # in every free text
IDEMPOTENCY_KEY = "idem-ZQKEY-7731"
ORDER_ID = "O-ZQORDER-7731"        # not personal: stays readable for statistics, sealed at rest
PERSONAL = [NAME, PHONE, PHONE.replace("-", ""), "9137-4628", EMAIL, WORD, IDEMPOTENCY_KEY]


def canary_customer(customer_id: str = "C-CANARY", **overrides: Any) -> dict[str, Any]:
    return {"id": customer_id, "name": NAME, "phone": PHONE, "email": EMAIL, "tier": "regular",
            "vulnerable": ["senior"], **overrides}


def canary_intake(customer_id: str = "C-CANARY", **overrides: Any) -> dict[str, Any]:
    return an_intake(customer=canary_customer(customer_id),
                     order={"id": ORDER_ID, "merchant_id": "M-9", "amount_krw": 89_000},
                     summary=f"{WORD} 요약: 레스토랑 휴업", description=f"{WORD} 설명: 두 번 휴업",
                     **overrides)


@dataclass
class Filed:
    lived: str     # the claim taken through every command, closed, a Surprise & Delight pick
    abused: str    # a second claim of the same customer, with an abuse report, closed: a
                   # happy call is owed for it


def file_canary_claims(api, clock, customer_id: str = "C-CANARY") -> Filed:
    team = api.team

    def ok(response, status: int = 200) -> dict:
        assert response.status_code == status, response.get_json()
        return response.get_json()

    def step(claim_id: str, path: str, body: dict, by=team.agent, status: int = 200,
             headers: dict | None = None) -> dict:
        clock.advance(minutes=30)
        return ok(api.post(f"{CLAIMS}/{claim_id}{path}", body, by, headers=headers), status)

    lived = ok(api.post(CLAIMS, canary_intake(customer_id), team.agent,
                        headers={"Idempotency-Key": IDEMPOTENCY_KEY}), 201)["id"]
    step(lived, "/assignment", {"assignee": team.agent.id})
    step(lived, "/fact-checks", {"vendor": {"id": "M-9", "kind": "merchant"},
                                 "question": f"{WORD} 질문"}, status=201)
    step(lived, "/fact-checks/fc-1/answer", {"finding": "confirmed", "details": f"{WORD} 답변",
                                              "evidence": [f"{WORD}.png"]})
    step(lived, "/fact-checks", {"vendor": {"id": "L-1", "kind": "logistics"},
                                 "question": f"{WORD} 두번째 질문"}, status=201)
    step(lived, "/fact-checks/fc-2/cancellation", {"reason": f"{WORD} 취소 사유"})
    step(lived, "/responses", {"message": f"{WORD} 응답", "channel": "phone"},
         headers={"Idempotency-Key": IDEMPOTENCY_KEY + "-response"})
    step(lived, "/decisions", {"remedy": "coupon", "amount_krw": 10_000,
                               "rationale": f"{WORD} 쿠폰 사유"})
    step(lived, "/decisions", {"remedy": "refund", "amount_krw": 89_000,
                               "rationale": f"{WORD} 환불 사유"})
    step(lived, "/decisions/d-2/approval", {"approved": True, "note": f"{WORD} 승인 메모"},
         by=team.supervisor)
    step(lived, "/escalations", {"agency": "kca", "agency_reference": "KCA-2026-7731",
                                 "received_at": clock.now().isoformat()})
    step(lived, "/escalations/e-1/stage", {"stage": "settlement_recommended",
                                           "details": f"{WORD} 권고"})
    step(lived, "/escalations/e-1/replies", {"message": f"{WORD} 회신"})
    step(lived, "/escalations/e-1/outcome", {"outcome": "recommendation_accepted",
                                             "details": f"{WORD} 결과"})
    step(lived, "/notes", {"text": f"{WORD} 메모"})
    step(lived, "/closure", {"resolution": "resolved", "summary": f"{WORD} 종결 요약"})
    step(lived, "/satisfaction", {"score": 3, "via": "happy_call", "comment": f"{WORD} 만족도"})
    step(lived, "/reopening", {"reason": f"{WORD} 재개 사유"})
    step(lived, "/closure", {"resolution": "resolved", "summary": f"{WORD} 다시 종결"})
    step(lived, "/satisfaction", {"score": 4, "via": "survey", "comment": f"{WORD} 다시 만족도"})

    abused = ok(api.post(CLAIMS, canary_intake(customer_id, channel="chat"), team.agent), 201)["id"]
    step(abused, "/assignment", {"assignee": team.agent.id})
    step(abused, "/abuse-reports", {"kind": "verbal_abuse", "details": f"{WORD} 폭언"})
    step(abused, "/notes", {"text": f"{WORD} 안전 조치"})
    step(abused, "/responses", {"message": f"{WORD} 안내", "channel": "chat"})
    step(abused, "/closure", {"resolution": "rejected", "summary": None})

    # December: the November round picks the first claim; the gift's feedback is the customer's.
    clock.current = datetime(2026, 12, 1, 10, 0, tzinfo=KST)
    ok(api.post("/api/v1/jobs/surprise-delight/runs", {"month": "2026-11"}, team.scheduler), 201)
    base = "/api/v1/follow-ups/surprise-delight/2026-11/selections"
    ok(api.post(base, {"claim_id": lived, "gift": "꽃다발", "letter_by": team.supervisor.id},
                team.supervisor), 201)
    ok(api.post(f"{base}/s-1/sent", {"sent_at": clock.now().isoformat()}, team.supervisor))
    ok(api.post(f"{base}/s-1/feedback", {"text": f"{WORD} 고객 반응"}, team.supervisor))

    # The views catch up (the work queue waits for them), as a reader would see them.
    assert len(ok(api.get(f"{CLAIMS}?customer_id={customer_id}", team.supervisor))["items"]) == 2
    api.services.projections.catch_up()
    return Filed(lived, abused)
