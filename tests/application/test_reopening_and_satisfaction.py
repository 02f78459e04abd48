"""After closure: reopening a claim, and the happy call's satisfaction score."""
from __future__ import annotations

import pytest

from casemgmt.domain.errors import InvalidCommand, NotPermitted, StateConflict
from tests.application.expect import refused
from tests.builders import a_claim_in_hand, a_responded_claim


@pytest.fixture
def closed(app, team):
    claim = a_responded_claim(app, team.agent)
    return app.close_claim(team.agent, claim.id, resolution="resolved", summary="전액 환불")


def test_reopening_brings_a_closed_claim_back_to_work(app, team, closed, reread):
    app.reopen(team.agent, closed.id, "환불이 아직 입금되지 않았다는 재문의")

    stored = reread(closed.id)
    assert stored.status == "in_progress"
    assert stored.reopen_count == 1
    assert (stored.closed_at, stored.resolution, stored.closure_summary) == (None, None, None)
    assert "reopened" in stored.flags
    assert stored.priority == "high"


def test_a_reopened_claim_takes_work_and_closes_again(app, team, closed):
    app.reopen(team.agent, closed.id, "재문의")

    app.respond(team.agent, closed.id, "입금 확인 후 다시 안내드리겠습니다.", "phone")
    reclosed = app.close_claim(team.agent, closed.id, resolution="resolved")

    assert reclosed.status == "closed"
    assert reclosed.reopen_count == 1
    assert "reopened" in reclosed.flags


def test_every_reopening_is_counted(app, team, closed):
    app.reopen(team.agent, closed.id, "첫 재문의")
    app.close_claim(team.agent, closed.id, resolution="resolved")

    twice = app.reopen(team.supervisor, closed.id, "두 번째 재문의")

    assert twice.reopen_count == 2


def test_only_a_closed_claim_can_be_reopened(app, team):
    claim = a_responded_claim(app, team.agent)

    with refused(StateConflict, "reopening.not_closed"):
        app.reopen(team.agent, claim.id, "재문의")

    assert app.get_claim(claim.id).reopen_count == 0


def test_reopening_needs_a_reason(app, team, closed):
    with refused(InvalidCommand, "reason.required"):
        app.reopen(team.agent, closed.id, "  ")

    assert app.get_claim(closed.id).status == "closed"


@pytest.mark.parametrize("role", ["auditor", "scheduler"])
def test_read_only_roles_may_not_reopen(app, team, closed, role):
    with refused(NotPermitted, "role.casework"):
        app.reopen(getattr(team, role), closed.id, "재문의")


def test_another_agent_may_not_reopen_an_agents_claim(app, team, closed):
    with refused(NotPermitted, "assignment.not_yours"):
        app.reopen(team.other_agent, closed.id, "재문의")


def test_a_happy_call_records_satisfaction(app, team, clock, closed, reread):
    clock.advance(days=2)

    app.record_satisfaction(team.agent, closed.id, score=9, via="happy_call",
                            comment="빠르게 처리해 주셔서 감사합니다")

    satisfaction = reread(closed.id).satisfaction
    assert (satisfaction.score, satisfaction.via) == (9, "happy_call")
    assert satisfaction.comment == "빠르게 처리해 주셔서 감사합니다"
    assert satisfaction.at == clock.now()


@pytest.mark.parametrize("score", [0, 10])
def test_satisfaction_accepts_the_ends_of_the_scale(app, team, closed, score):
    recorded = app.record_satisfaction(team.agent, closed.id, score=score, via="survey")

    assert recorded.satisfaction.score == score


@pytest.mark.parametrize("score", [11, -1, 5.5, 8.0, True, False, "8", None])
def test_satisfaction_outside_zero_to_ten_whole_numbers_is_refused(app, team, closed, score):
    with refused(InvalidCommand, "score.range"):
        app.record_satisfaction(team.agent, closed.id, score=score, via="happy_call")

    assert app.get_claim(closed.id).satisfaction is None


def test_satisfaction_through_an_unknown_way_is_refused(app, team, closed):
    with refused(InvalidCommand, "via.unknown"):
        app.record_satisfaction(team.agent, closed.id, score=8, via="kakao")


def test_satisfaction_is_asked_only_after_closure(app, team):
    claim = a_claim_in_hand(app, team.agent)

    with refused(StateConflict, "satisfaction.not_closed"):
        app.record_satisfaction(team.agent, claim.id, score=8, via="happy_call")


def test_a_later_happy_call_replaces_the_score(app, team, closed):
    app.record_satisfaction(team.agent, closed.id, score=4, via="survey")

    again = app.record_satisfaction(team.agent, closed.id, score=8, via="happy_call")

    assert (again.satisfaction.score, again.satisfaction.via) == (8, "happy_call")


def test_reopening_clears_the_satisfaction_of_the_earlier_closure(app, team, closed):
    app.record_satisfaction(team.agent, closed.id, score=3, via="happy_call")

    reopened = app.reopen(team.agent, closed.id, "불만족으로 재처리")

    assert reopened.satisfaction is None
