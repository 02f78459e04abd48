"""Status: the first that applies of closed, escalated, awaiting_approval, awaiting_vendor,
in_progress, new (API.md), as the database gives it back."""
from __future__ import annotations

from tests.builders import a_claim_in_hand, a_filed_claim, a_responded_claim


def open_fact_check(app, actor, claim_id):
    fc = app.request_fact_check(actor, claim_id, vendor_id="M-9", vendor_kind="merchant",
                                   question="휴업 여부?").fact_checks[-1].id
    return fc


def pending_decision(app, actor, claim_id):
    decision = app.propose_decision(actor, claim_id, remedy="refund", amount_krw=89_000,
                                       rationale="휴업으로 이용권 사용 불가").decisions[-1].id
    return decision


def open_escalation(app, actor, claim_id):
    escalation = app.escalate(actor, claim_id, agency="kca", agency_reference="KCA-3",
                                 received_at=app.clock.now()).escalations[-1].id
    return escalation


def test_a_claim_nobody_has_touched_is_new(app, team, reread):
    claim = a_filed_claim(app, team.agent)

    assert reread(claim.id).status == "new"


def test_a_note_alone_leaves_a_claim_new(app, team, reread):
    claim = a_filed_claim(app, team.agent)

    app.add_note(team.supervisor, claim.id, "SNS 모니터링으로 발견")

    assert reread(claim.id).status == "new"


def test_an_assigned_claim_is_in_progress(app, team, reread):
    claim = a_claim_in_hand(app, team.agent)

    assert reread(claim.id).status == "in_progress"


def test_a_responded_claim_is_in_progress_even_unassigned(app, team, reread):
    claim = a_filed_claim(app, team.agent)

    app.respond(team.supervisor, claim.id, "접수되었습니다", "email")

    assert reread(claim.id).status == "in_progress"


def test_an_open_fact_check_means_awaiting_vendor(app, team, reread):
    claim = a_claim_in_hand(app, team.agent)

    open_fact_check(app, team.agent, claim.id)

    assert reread(claim.id).status == "awaiting_vendor"


def test_a_pending_decision_comes_before_an_open_fact_check(app, team, reread):
    claim = a_claim_in_hand(app, team.agent)
    open_fact_check(app, team.agent, claim.id)

    pending_decision(app, team.agent, claim.id)

    assert reread(claim.id).status == "awaiting_approval"


def test_an_open_escalation_comes_before_everything_but_closure(app, team, reread):
    claim = a_claim_in_hand(app, team.agent)
    open_fact_check(app, team.agent, claim.id)
    pending_decision(app, team.agent, claim.id)

    open_escalation(app, team.agent, claim.id)

    assert reread(claim.id).status == "escalated"


def test_status_unwinds_as_each_wait_ends(app, team, reread):
    claim = a_claim_in_hand(app, team.agent)
    fc = open_fact_check(app, team.agent, claim.id)
    decision = pending_decision(app, team.agent, claim.id)
    escalation = open_escalation(app, team.agent, claim.id)
    seen = []

    app.conclude_escalation(team.agent, claim.id, escalation, outcome="settled")
    seen.append(reread(claim.id).status)
    app.review_decision(team.supervisor, claim.id, decision, approved=True)
    seen.append(reread(claim.id).status)
    app.answer_fact_check(team.agent, claim.id, fc, finding="confirmed")
    seen.append(reread(claim.id).status)

    assert seen == ["awaiting_approval", "awaiting_vendor", "in_progress"]


def test_an_escalation_without_assignment_still_means_escalated(app, team, reread):
    claim = a_filed_claim(app, team.agent)

    open_escalation(app, team.supervisor, claim.id)

    assert reread(claim.id).status == "escalated"


def test_closed_comes_first_even_with_a_fact_check_open_at_closure(app, team, reread):
    claim = a_responded_claim(app, team.agent)
    open_fact_check(app, team.agent, claim.id)

    app.close_claim(team.agent, claim.id, resolution="resolved")

    assert reread(claim.id).status == "closed"


def test_a_reopened_claim_is_back_in_progress(app, team, reread):
    claim = a_responded_claim(app, team.agent)
    app.close_claim(team.agent, claim.id, resolution="resolved")

    app.reopen(team.agent, claim.id, "재문의")

    assert reread(claim.id).status == "in_progress"


def test_a_claim_reopened_with_a_new_fact_check_awaits_the_vendor_again(app, team, reread):
    claim = a_responded_claim(app, team.agent)
    app.close_claim(team.agent, claim.id, resolution="resolved")
    app.reopen(team.agent, claim.id, "재문의")

    open_fact_check(app, team.agent, claim.id)

    assert reread(claim.id).status == "awaiting_vendor"
