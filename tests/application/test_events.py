"""Every stored event names who acted (`by`) and when, by the application's clock (`at`)."""
from __future__ import annotations

from datetime import timedelta

from tests.application.expect import stored_events
from tests.builders import a_customer


def test_every_event_of_a_claims_life_names_its_actor_and_time(app, team, clock):
    agent, supervisor = team.agent.actor, team.supervisor.actor
    expected = []

    def step(actor, name, command):
        clock.advance(minutes=5)
        result = command()
        expected.append((name, actor.id, clock.now()))
        return result

    claim = step(agent, "Filed", lambda: app.file_claim(
        agent, channel="phone", category="product_mismatch", customer=a_customer(), order=None,
        summary="사진과 색상이 달라요"))
    cid = claim.id
    step(agent, "Assigned", lambda: app.assign(agent, cid, agent.id))
    step(agent, "Responded", lambda: app.respond(agent, cid, "확인 후 연락드리겠습니다", "phone"))
    step(agent, "NoteAdded", lambda: app.add_note(agent, cid, "촬영팀 확인 필요"))
    fc = step(agent, "FactCheckRequested", lambda: app.request_fact_check(
        agent, cid, vendor_id="photo", vendor_kind="internal", question="보정 여부?")).fact_checks[-1].id
    step(agent, "FactCheckAnswered", lambda: app.answer_fact_check(
        agent, cid, fc, finding="confirmed", details="채도 보정"))
    fc2 = step(agent, "FactCheckRequested", lambda: app.request_fact_check(
        agent, cid, vendor_id="M-1", vendor_kind="merchant", question="재고?")).fact_checks[-1].id
    step(agent, "FactCheckCancelled", lambda: app.cancel_fact_check(agent, cid, fc2))
    d = step(agent, "DecisionProposed", lambda: app.propose_decision(
        agent, cid, remedy="upgrade_exchange", amount_krw=50_000, rationale="사진 보정 확인")).decisions[-1].id
    step(supervisor, "DecisionApproved", lambda: app.review_decision(
        supervisor, cid, d, approved=True))
    d2 = step(agent, "DecisionProposed", lambda: app.propose_decision(
        agent, cid, remedy="points", amount_krw=40_000, rationale="추가 불편")).decisions[-1].id
    step(supervisor, "DecisionRejected", lambda: app.review_decision(
        supervisor, cid, d2, approved=False))
    step(agent, "AbuseReported", lambda: app.report_abuse(agent, cid, kind="repeated_contact"))
    e = step(agent, "Escalated", lambda: app.escalate(
        agent, cid, agency="kca_1372", agency_reference="1372-5", received_at=clock.now())).escalations[-1].id
    step(agent, "EscalationAdvanced", lambda: app.advance_escalation(
        agent, cid, e, stage="settlement_recommended"))
    step(agent, "AgencyReplied", lambda: app.reply_to_agency(agent, cid, e, "권고 수용"))
    step(agent, "EscalationConcluded", lambda: app.conclude_escalation(
        agent, cid, e, outcome="recommendation_accepted"))
    step(agent, "Closed", lambda: app.close_claim(agent, cid, resolution="resolved"))
    step(agent, "SatisfactionRecorded", lambda: app.record_satisfaction(
        agent, cid, score=7, via="happy_call"))
    step(supervisor, "Reopened", lambda: app.reopen(supervisor, cid, "재문의"))
    step(supervisor, "Assigned", lambda: app.assign(supervisor, cid, team.other_agent.id))

    events = stored_events(app, cid)
    assert [(type(e).__name__, e.by, e.at) for e in events] == expected
    assert [e.originator_version for e in events] == list(range(1, len(expected) + 1))


def test_cancellations_made_by_closure_name_who_closed_and_when(app, team, clock):
    claim = app.file_claim(team.agent.actor, channel="chat", category="delivery",
                           customer=a_customer(), order=None, summary="배송 지연")
    app.respond(team.supervisor.actor, claim.id, "확인 중입니다", "chat")
    app.request_fact_check(team.supervisor.actor, claim.id, vendor_id="CJ",
                           vendor_kind="logistics", question="배송 위치?")
    closed_at = clock.advance(minutes=5)

    app.close_claim(team.supervisor.actor, claim.id, resolution="withdrawn")

    cancelled, closed = stored_events(app, claim.id)[-2:]
    assert (cancelled.by, cancelled.at) == (team.supervisor.id, closed_at)
    assert (closed.by, closed.at) == (team.supervisor.id, closed_at)


def test_the_events_time_is_the_clocks_not_the_customers_received_time(app, team, clock):
    received = clock.now() - timedelta(hours=10)

    claim = app.file_claim(team.agent.actor, channel="board", category="other",
                           customer=a_customer(), order=None, summary="문의", received_at=received)

    filed = stored_events(app, claim.id)[0]
    assert (filed.at, filed.received_at) == (clock.now(), received)
