"""Claims that use every claim event type, with a canary in every personal field and free text
(the canaries of tests/privacy), written through the application."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from casemgmt.application import Casemgmt
from casemgmt.application.evidence import Upload
from casemgmt.domain.values import Customer, Order
from tests.builders import Team
from tests.privacy.scenario import EMAIL, NAME, ORDER_ID, PERSONAL, PHONE, WORD

# Personal data that must never leave in a webhook; "senior" is the customer's vulnerability.
CANARIES = [*PERSONAL, "senior"]


def canary_customer(customer_id: str) -> Customer:
    return Customer(id=customer_id, name=NAME, phone=PHONE, email=EMAIL, tier="vip",
                    vulnerable=["senior"])


def a_canary_claim(app: Casemgmt, team: Team, customer_id: str = "C-CANARY") -> str:
    claim = app.file_claim(team.agent.actor, channel="phone", category="refund_delay",
                           customer=canary_customer(customer_id),
                           order=Order(id=ORDER_ID, merchant_id="M-9", amount_krw=89_000),
                           summary=f"{WORD} 요약", description=f"{WORD} 설명")
    return str(claim.id)


def a_claim_with_every_event(services, team: Team, customer_id: str = "C-CANARY") -> str:
    """One claim through every claim event type, each text carrying the canary word."""
    app = services.casemgmt
    agent, boss, clock = team.agent.actor, team.supervisor.actor, team.scheduler.actor
    claim = a_canary_claim(app, team, customer_id)
    soon = datetime.now(timezone.utc) + timedelta(days=30)
    app.assign(agent, claim, agent.id)
    app.record_deadline_alert(clock, claim, "overdue", "first_response", soon)
    app.respond(agent, claim, f"{WORD} 응답", "phone")
    app.add_note(agent, claim, f"{WORD} 메모")
    app.report_abuse(agent, claim, kind="verbal_abuse", details=f"{WORD} 폭언")
    first = app.request_fact_check(agent, claim, vendor_id="M-9", vendor_kind="merchant",
                                      question=f"{WORD} 질문", due_at=soon).fact_checks[-1].id
    app.record_deadline_alert(clock, claim, "overdue", f"fact_check:{first}", soon)
    app.answer_fact_check(agent, claim, first, finding="confirmed", details=f"{WORD} 답변",
                          evidence=[f"{WORD}.png"])
    second = app.request_fact_check(agent, claim, vendor_id="L-1", vendor_kind="logistics",
                                       question=f"{WORD} 두번째").fact_checks[-1].id
    app.cancel_fact_check(agent, claim, second, reason=f"{WORD} 취소")
    rejected = app.propose_decision(agent, claim, remedy="refund", amount_krw=89_000,
                                       rationale=f"{WORD} 환불").decisions[-1].id
    app.review_decision(boss, claim, rejected, approved=False, note=f"{WORD} 반려")
    approved = app.propose_decision(agent, claim, remedy="partial_refund", amount_krw=70_000,
                                       rationale=f"{WORD} 부분 환불").decisions[-1].id
    app.review_decision(boss, claim, approved, approved=True, note=f"{WORD} 승인")
    track = app.escalate(agent, claim, agency="kca", agency_reference="KCA-2026-7731",
                            received_at=app.clock.now()).escalations[-1].id
    app.record_deadline_alert(clock, claim, "approaching", f"relief:{track}", soon)
    app.record_deadline_alert(clock, claim, "overdue", f"relief:{track}", soon)
    app.advance_escalation(agent, claim, track, stage="settlement_recommended",
                           details=f"{WORD} 권고")
    app.reply_to_agency(agent, claim, track, f"{WORD} 회신")
    app.extend_relief_period(agent, claim, track, days=30, reason=f"{WORD} 연장 사유")
    app.conclude_escalation(agent, claim, track, outcome="settled", details=f"{WORD} 결과")
    app.record_deadline_alert(clock, claim, "overdue", "resolution", soon)
    app.close_claim(agent, claim, resolution="resolved", summary=f"{WORD} 종결")
    app.record_satisfaction(agent, claim, score=3, via="happy_call", comment=f"{WORD} 만족도")
    app.reopen(agent, claim, f"{WORD} 재개")
    services.evidence.add_attachment(agent, claim, Upload(
        filename=f"{WORD}.txt", data=f"{WORD} 통화 메모".encode(), kind="document"))
    linked = app.request_fact_check(agent, claim, vendor_id="M-9", vendor_kind="merchant",
                                    question=f"{WORD} 링크").fact_checks[-1].id
    services.vendors.issue_link(agent, claim, linked)
    services.vendors.revoke_link(agent, claim, linked)
    return claim
