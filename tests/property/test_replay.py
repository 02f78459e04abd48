"""History reads: the claim at version N is its first N events folded, at every N of a
long claim (past the snapshot at 50), and the claim as of a moment is the claim after the
last event that happened at or before it. On SQLite and PostgreSQL (fixture `app`)."""
from __future__ import annotations

from datetime import timedelta, timezone

import pytest

from casemgmt.application.errors import ClaimNotFound
from casemgmt.application.history import VersionNotFound
from tests.builders import a_customer, a_filed_claim, an_order_of_its_own

pytestmark = pytest.mark.slow


def state_of(claim) -> dict:
    return {k: v for k, v in vars(claim).items() if k != "_pending_events"}


def fold(events):
    claim = None
    for event in events:
        claim = event.mutate(claim)
    return claim


@pytest.fixture
def long_claim(app, team, clock):
    """A claim that lived through most of what a claim can: about sixty events, some of
    them recorded at the same moment (closure cancels open fact checks as it closes)."""
    agent, supervisor, senior = team.agent.actor, team.supervisor.actor, team.senior.actor
    claim = a_filed_claim(app, agent, customer=a_customer(tier="loyal", vulnerable=["senior"]),
                          order=an_order_of_its_own())
    cid = claim.id

    def later(**delta):
        clock.advance(**delta)

    later(minutes=3)
    app.assign(agent, cid, agent.id)
    later(minutes=10)
    app.respond(agent, cid, "불편을 드려 죄송합니다. 확인 후 연락드리겠습니다.", "phone")
    later(minutes=5)
    fc1 = app.request_fact_check(agent, cid, vendor_id="M-9", vendor_kind="merchant",
                                    question="해당 일자 영업 여부").fact_checks[-1].id
    fc2 = app.request_fact_check(agent, cid, vendor_id="L-1", vendor_kind="logistics",
                                    question="배송 기록").fact_checks[-1].id
    later(hours=20)
    app.answer_fact_check(agent, cid, fc1, finding="confirmed", details="임시 휴업",
                          evidence=["notice.jpg"])
    app.cancel_fact_check(agent, cid, fc2, reason="불필요")
    for i in range(12):
        later(minutes=37)
        app.add_note(agent, cid, f"고객 통화 {i + 1}회차")
    app.propose_decision(agent, cid, remedy="coupon", amount_krw=10_000, rationale="사과 쿠폰")
    later(minutes=1)
    large = app.propose_decision(agent, cid, remedy="refund", amount_krw=89_000,
                                    rationale="이용권 전액 환불").decisions[-1].id
    later(hours=2)
    app.review_decision(supervisor, cid, large, approved=True, note="전결 범위 내")
    extra = app.propose_decision(agent, cid, remedy="points", amount_krw=600_000,
                                    rationale="추가 보상").decisions[-1].id
    later(hours=1)
    app.review_decision(senior, cid, extra, approved=False, note="과다")
    app.report_abuse(agent, cid, kind="verbal_abuse", details="반복 욕설")
    later(days=1)
    esc = app.escalate(supervisor, cid, agency="kca_1372", agency_reference="2026-1372-0042",
                          received_at=clock.now() - timedelta(hours=3)).escalations[-1].id
    later(days=2)
    app.reply_to_agency(agent, cid, esc, "사실관계 회신드립니다")
    later(days=3)
    app.advance_escalation(agent, cid, esc, stage="settlement_recommended", details="합의 권고")
    later(days=1)
    app.conclude_escalation(agent, cid, esc, outcome="recommendation_accepted", details="수락")
    app.request_fact_check(agent, cid, vendor_id="IN-1", vendor_kind="internal",
                           question="재발 방지 확인")
    later(hours=1)
    app.close_claim(agent, cid, resolution="resolved", summary="환불 완료")  # two events
    later(days=3)
    app.record_satisfaction(agent, cid, score=4, via="happy_call", comment="늦었어요")
    later(days=1)
    app.reopen(agent, cid, "환불 미입금")
    for i in range(20):
        later(hours=2)
        app.add_note(agent, cid, f"입금 확인 {i + 1}")
    app.respond(agent, cid, "환불 처리되었습니다", "chat")
    later(minutes=30)
    app.close_claim(agent, cid, resolution="resolved", summary="입금 확인")
    later(days=3)
    app.record_satisfaction(agent, cid, score=9, via="survey")
    return cid


def test_the_claim_at_every_version_is_its_first_events_folded(app, long_claim):
    events = list(app.events.get(long_claim))
    assert 55 <= len(events) <= 70
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))
    snapshots = [s.originator_version for s in app.snapshots.get(long_claim)]
    assert snapshots == [50], "the default interval takes one snapshot, at version 50"

    for version in range(1, len(events) + 1):
        at_version = app.claim_at_version(long_claim, version)
        assert at_version.version == version
        assert state_of(at_version) == state_of(fold(events[:version])), f"version {version}"

    assert state_of(app.get_claim(long_claim)) == state_of(fold(events))
    for missing in (0, len(events) + 1):
        with pytest.raises(VersionNotFound):
            app.claim_at_version(long_claim, missing)


def test_the_claim_as_of_a_moment_is_the_last_event_at_or_before_it(app, long_claim):
    events = list(app.events.get(long_claim))
    times = [e.at for e in events]
    assert times == sorted(times)
    assert len(set(times)) < len(times), "the scenario records some events at one moment"

    def expected(moment):
        return max(e.originator_version for e in events if e.at <= moment)

    second = timedelta(seconds=1)
    moments = sorted({t + d for t in set(times) for d in (-second, timedelta(0), second)})
    for moment in moments:
        if moment < times[0]:
            continue
        as_of = app.claim_as_of(long_claim, moment)
        version = expected(moment)
        assert as_of.version == version, moment
        assert state_of(as_of) == state_of(fold(events[:version])), moment

    # The same moment written in another offset is the same moment.
    utc = times[30].astimezone(timezone.utc)
    assert app.claim_as_of(long_claim, utc).version == expected(times[30])
    assert app.claim_as_of(long_claim, times[-1] + timedelta(days=365)).version == len(events)
    with pytest.raises(ClaimNotFound):
        app.claim_as_of(long_claim, times[0] - second)
