"""Scripted claims written through the application, the clock moved between the steps."""
from __future__ import annotations

from casemgmt.application import Casemgmt
from casemgmt.application.clock import FixedClock
from tests.builders import Team, a_customer, a_filed_claim
from tests.refs import random_suffix


def a_busy_week(app: Casemgmt, team: Team, clock: FixedClock) -> dict[str, str]:
    """One claim per state a claim can be in, using every kind of claim event once at least.

    Each claim has a customer of its own (`customers_of(ids)`), unknown to other tests."""
    agent, other = team.agent.actor, team.other_agent.actor
    supervisor = team.supervisor.actor
    suffix = random_suffix()
    ids: dict[str, str] = {}

    def filed(name: str, **kwargs) -> str:
        ids[name] = str(a_filed_claim(app, agent, **kwargs).id)
        clock.advance(minutes=7)
        return ids[name]

    new = filed("new", channel="sns", category="other",
                customer=a_customer(id=f"C-NEW-{suffix}", vulnerable=["senior"]))
    app.add_note(supervisor, new, "고객 연락처 재확인 필요")

    in_progress = filed("in_progress", channel="chat", category="delivery",
                        customer=a_customer(id=f"C-IP-{suffix}"))
    app.assign(agent, in_progress, agent.id)
    clock.advance(hours=1)
    app.respond(agent, in_progress, "배송 조회 중입니다.", "chat")
    app.report_abuse(agent, in_progress, kind="verbal_abuse", details="욕설")

    vendor = filed("awaiting_vendor", channel="email", category="product_info",
                   customer=a_customer(id=f"C-AV-{suffix}", tier="vip"))
    app.assign(supervisor, vendor, other.id)
    app.respond(other, vendor, "판매자에게 확인 요청했습니다.", "email")
    first = app.request_fact_check(other, vendor, vendor_id="M-9", vendor_kind="merchant",
                                      question="상품 정보 오기재 여부").fact_checks[-1].id
    app.answer_fact_check(other, vendor, first, finding="disputed", details="정상 기재")
    app.request_fact_check(other, vendor, vendor_id="L-1", vendor_kind="logistics",
                           question="출고일 확인")

    approval = filed("awaiting_approval", channel="phone", category="refund_delay",
                     customer=a_customer(id=f"C-AA-{suffix}"))
    app.assign(agent, approval, agent.id)
    app.respond(agent, approval, "환불 진행 상황을 확인하겠습니다.", "phone")
    app.propose_decision(agent, approval, remedy="coupon", amount_krw=5_000,
                         rationale="지연 사과 쿠폰")
    app.propose_decision(agent, approval, remedy="refund", amount_krw=89_000,
                         rationale="전액 환불")

    escalated = filed("escalated", channel="agency", category="merchant_service",
                      customer=a_customer(id=f"C-ESC-{suffix}", tier="loyal"))
    app.assign(agent, escalated, agent.id)
    app.respond(agent, escalated, "소비자원 이첩 건 확인", "phone")
    kca = app.escalate(agent, escalated, agency="kca", agency_reference="KCA-2026-0101",
                          received_at=clock.now()).escalations[-1].id
    clock.advance(days=3)
    app.advance_escalation(agent, escalated, kca, stage="settlement_recommended",
                           details="합의 권고")
    app.reply_to_agency(agent, escalated, kca, "권고를 검토 중입니다.")

    closed = filed("closed", channel="board", category="exchange_return",
                   customer=a_customer(id=f"C-CL-{suffix}"))
    app.assign(agent, closed, agent.id)
    app.respond(agent, closed, "교환 접수되었습니다.", "board")
    app.request_fact_check(agent, closed, vendor_id="M-9", vendor_kind="merchant",
                           question="반품 입고 여부")
    app.propose_decision(agent, closed, remedy="exchange", amount_krw=0,
                         rationale="동일 상품 교환")
    big = app.propose_decision(agent, closed, remedy="partial_refund", amount_krw=40_000,
                                  rationale="부분 환불").decisions[-1].id
    app.review_decision(supervisor, closed, big, approved=False, note="교환으로 충분")
    bigger = app.propose_decision(agent, closed, remedy="partial_refund", amount_krw=35_000,
                                     rationale="배송비 포함").decisions[-1].id
    app.review_decision(supervisor, closed, bigger, approved=True, note="승인")
    clock.advance(hours=5)
    app.close_claim(agent, closed, resolution="resolved", summary="교환 및 부분 환불")
    clock.advance(days=1)
    app.record_satisfaction(agent, closed, score=9, via="happy_call", comment="감사합니다")

    reopened = filed("reopened", channel="phone", category="membership",
                     customer=a_customer(id=f"C-RE-{suffix}"))
    app.assign(agent, reopened, agent.id)
    app.respond(agent, reopened, "등급 조정 완료", "phone")
    app.close_claim(agent, reopened, resolution="resolved")
    app.record_satisfaction(agent, reopened, score=2, via="survey")
    clock.advance(days=2)
    app.reopen(agent, reopened, "등급이 다시 내려갔다는 재문의")

    settled = filed("settled", channel="agency", category="product_mismatch",
                    customer=a_customer(id=f"C-ST-{suffix}"))
    app.assign(supervisor, settled, other.id)
    app.respond(other, settled, "조정위원회 회부 건 확인", "phone")
    med = app.escalate(other, settled, agency="mediation_committee",
                          agency_reference="MC-77", received_at=clock.now()).escalations[-1].id
    clock.advance(days=10)
    app.advance_escalation(other, settled, med, stage="mediation_decided", details="조정 결정")
    app.conclude_escalation(other, settled, med, outcome="mediation_accepted", details="수락")
    app.close_claim(other, settled, resolution="resolved")
    clock.advance(hours=3)
    return ids


def customers_of(app: Casemgmt, ids: dict[str, str]) -> list[str]:
    """The customers of a busy week's claims (one each)."""
    return [app.get_claim(claim_id).customer.id for claim_id in ids.values()]


def a_random_claim(app: Casemgmt, team: Team, rng) -> str:
    """A claim taken through a random but valid life; for writers that race the projector."""
    agent = rng.choice([team.agent, team.other_agent]).actor
    boss = rng.choice([team.supervisor, team.senior]).actor
    claim_id = str(a_filed_claim(app, agent, channel=rng.choice(["phone", "chat", "email"]),
                                 customer=a_customer(id=f"C-{rng.randrange(50)}",
                                                     tier=rng.choice(["regular", "vip"]))).id)
    if rng.random() < 0.2:
        return claim_id
    app.assign(agent, claim_id, agent.id)
    app.respond(agent, claim_id, "확인 중입니다.", "phone")
    if rng.random() < 0.3:
        app.add_note(agent, claim_id, "통화 메모")
    if rng.random() < 0.3:
        fc = app.request_fact_check(agent, claim_id, vendor_id="M-9", vendor_kind="merchant",
                                       question="사실 확인").fact_checks[-1].id
        if rng.random() < 0.7:
            app.answer_fact_check(agent, claim_id, fc, finding="confirmed")
    if rng.random() < 0.5:
        decision = app.propose_decision(agent, claim_id, remedy="refund",
                                           amount_krw=rng.choice([10_000, 25_000, 89_000]),
                                           rationale="환불").decisions[-1].id
        if app.get_claim(claim_id).decision(decision).is_pending:
            app.review_decision(boss, claim_id, decision, approved=rng.random() < 0.7)
    if rng.random() < 0.15:
        esc = app.escalate(agent, claim_id, agency="kca",
                              agency_reference=f"KCA-{rng.randrange(10**9)}",
                              received_at=app.clock.now()).escalations[-1].id
        if rng.random() < 0.5:
            return claim_id
        app.conclude_escalation(agent, claim_id, esc, outcome="settled")
    if rng.random() < 0.6:
        app.close_claim(agent, claim_id, resolution="resolved")
        if rng.random() < 0.3:
            app.record_satisfaction(agent, claim_id, score=rng.randrange(11), via="survey")
        if rng.random() < 0.2:
            app.reopen(agent, claim_id, "재문의")
    return claim_id
