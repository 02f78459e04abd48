"""The catalogue of commands on a claim (API.md's Claims table): for each, a claim in a state
where it succeeds, the body that succeeds, and who sends it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from casemgmt.application import Casemgmt
from tests.builders import Team, a_claim_in_hand, a_filed_claim, a_responded_claim
from tests.http import CLAIMS

Arrange = Callable[[Casemgmt, Team], str]


def filed(app: Casemgmt, team: Team) -> str:
    return str(a_filed_claim(app, team.supervisor.actor).id)


def in_hand(app: Casemgmt, team: Team) -> str:
    return str(a_claim_in_hand(app, team.agent.actor).id)


def responded(app: Casemgmt, team: Team) -> str:
    return str(a_responded_claim(app, team.agent.actor).id)


def with_open_fact_check(app: Casemgmt, team: Team) -> str:
    claim_id = responded(app, team)
    app.request_fact_check(team.agent.actor, claim_id, vendor_id="M-9", vendor_kind="merchant",
                           question="휴업일 확인 부탁드립니다")
    return claim_id


def with_pending_decision(app: Casemgmt, team: Team) -> str:
    claim_id = responded(app, team)
    app.propose_decision(team.agent.actor, claim_id, remedy="refund", amount_krw=89_000,
                         rationale="두 번 모두 휴업: 전액 환불")
    return claim_id


def escalated(app: Casemgmt, team: Team) -> str:
    claim_id = responded(app, team)
    app.escalate(team.agent.actor, claim_id, agency="kca", agency_reference="KCA-2026-0001",
                 received_at=app.clock.now())
    return claim_id


def closed(app: Casemgmt, team: Team) -> str:
    claim_id = responded(app, team)
    app.close_claim(team.agent.actor, claim_id, resolution="resolved", summary="쿠폰 지급")
    return claim_id


@dataclass(frozen=True)
class Command:
    name: str
    path: str                 # after /claims/{id}; {fc}, {d} and {e} name the claim's first parts
    body: Callable[[Team], dict[str, Any]]
    arrange: Arrange
    status: int = 200
    by: str = "agent"         # the team member who may send it

    def url(self, claim_id: str, **parts: str) -> str:
        ids = {"fc": "fc-1", "d": "d-1", "e": "e-1", **parts}
        return f"{CLAIMS}/{claim_id}{self.path.format(**ids)}"

    def __str__(self) -> str:
        return self.name


def fixed(body: dict[str, Any]) -> Callable[[Team], dict[str, Any]]:
    return lambda team: body


COMMANDS = [
    Command("assignment", "/assignment", lambda team: {"assignee": team.agent.id}, filed),
    Command("responses", "/responses",
            fixed({"message": "불편을 드려 죄송합니다.", "channel": "phone"}), in_hand),
    Command("fact-checks", "/fact-checks",
            fixed({"vendor": {"id": "M-9", "kind": "merchant"}, "question": "휴업일이 언제였나요?"}),
            responded, status=201),
    Command("fact-check answer", "/fact-checks/{fc}/answer",
            fixed({"finding": "confirmed", "details": "두 번 모두 임시휴업", "evidence": ["공지.png"]}),
            with_open_fact_check),
    Command("fact-check cancellation", "/fact-checks/{fc}/cancellation",
            fixed({"reason": "고객이 영수증을 보내옴"}), with_open_fact_check),
    Command("decisions", "/decisions",
            fixed({"remedy": "coupon", "amount_krw": 10_000, "rationale": "재방문 쿠폰"}), responded),
    Command("decision approval", "/decisions/{d}/approval",
            fixed({"approved": True, "note": "휴업 확인됨"}), with_pending_decision, by="supervisor"),
    Command("escalations", "/escalations",
            fixed({"agency": "kca", "agency_reference": "KCA-2026-0002",
                   "received_at": "2026-11-20T09:00:00+09:00"}), responded),
    Command("escalation stage", "/escalations/{e}/stage",
            fixed({"stage": "settlement_recommended", "details": "환불 권고"}), escalated),
    Command("agency reply", "/escalations/{e}/replies",
            fixed({"message": "권고를 수용하여 전액 환불하겠습니다."}), escalated),
    Command("escalation extension", "/escalations/{e}/extension",
            fixed({"days": 30, "reason": "제품 시험검사 의뢰로 원인 규명에 시간 필요"}), escalated),
    Command("escalation outcome", "/escalations/{e}/outcome",
            fixed({"outcome": "settled", "details": "환불로 합의"}), escalated),
    Command("closure", "/closure", fixed({"resolution": "resolved", "summary": "쿠폰 지급"}),
            responded),
    Command("reopening", "/reopening", fixed({"reason": "쿠폰이 발급되지 않음"}), closed),
    Command("satisfaction", "/satisfaction",
            fixed({"score": 9, "via": "happy_call", "comment": "빠른 처리 감사"}), closed),
    Command("notes", "/notes", fixed({"text": "고객이 오후 통화를 원함"}), in_hand),
    Command("abuse-reports", "/abuse-reports",
            fixed({"kind": "verbal_abuse", "details": "통화 중 욕설"}), in_hand),
]
PART_COMMANDS = [c for c in COMMANDS if "{" in c.path]


def with_answered_fact_check(app: Casemgmt, team: Team) -> str:
    claim_id = with_open_fact_check(app, team)
    app.answer_fact_check(team.agent.actor, claim_id, "fc-1", finding="disputed")
    return claim_id


def with_approved_decision(app: Casemgmt, team: Team) -> str:
    claim_id = with_pending_decision(app, team)
    app.review_decision(team.senior.actor, claim_id, "d-1", approved=True)
    return claim_id


def with_concluded_escalation(app: Casemgmt, team: Team) -> str:
    claim_id = escalated(app, team)
    app.conclude_escalation(team.agent.actor, claim_id, "e-1", outcome="withdrawn")
    return claim_id


COMMAND = {command.name: command for command in COMMANDS}
