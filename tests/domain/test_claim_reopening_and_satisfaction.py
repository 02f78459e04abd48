"""After closure: reopening a claim, and the happy call's satisfaction score."""
from __future__ import annotations

from datetime import timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, NotPermitted, StateConflict
from tests.builders import AGENT, NOW, OTHER_AGENT, STAFF, SUPERVISOR, a_claim, replayed
from tests.expect import refused

LATER = NOW + timedelta(days=2)


def test_reopening_brings_a_closed_claim_back_to_work():
    claim = a_claim(closed_by=AGENT)

    claim.reopen("환불이 아직 입금되지 않았다는 재문의", by=AGENT, at=LATER)

    stored = replayed(claim)
    assert stored.status == "in_progress"
    assert (stored.reopen_count, stored.reopened_at) == (1, LATER)
    assert (stored.closed_at, stored.closed_by) == (None, None)
    assert (stored.resolution, stored.closure_summary) == (None, None)
    assert "reopened" in stored.flags
    assert stored.priority == "high"


def test_a_reopened_claim_takes_work_and_closes_again():
    claim = a_claim(closed_by=AGENT)
    claim.reopen("재문의", by=AGENT, at=NOW)
    claim.respond("입금 확인 후 다시 안내드리겠습니다.", "phone", by=AGENT, at=LATER)

    claim.close("resolved", None, by=AGENT, at=LATER)

    assert claim.status == "closed"
    assert claim.reopen_count == 1
    assert "reopened" in claim.flags


def test_every_reopening_is_counted():
    claim = a_claim(closed_by=AGENT)
    claim.reopen("첫 재문의", by=AGENT, at=NOW)
    claim.close("resolved", None, by=AGENT, at=NOW)

    claim.reopen("두 번째 재문의", by=SUPERVISOR, at=LATER)

    assert replayed(claim).reopen_count == 2


def test_only_a_closed_claim_can_be_reopened():
    claim = a_claim(responded_by=AGENT)
    claim.collect_events()

    with refused(StateConflict, "reopening.not_closed"):
        claim.reopen("재문의", by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.reopen_count == 0


def test_reopening_needs_a_reason():
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "reason.required"):
        claim.reopen("  ", by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.status == "closed"


@pytest.mark.parametrize("position", ["auditor", "scheduler"])
def test_read_only_roles_may_not_reopen(position):
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(NotPermitted, "role.casework"):
        claim.reopen("재문의", by=STAFF[position], at=LATER)

    assert claim.collect_events() == []


def test_another_agent_may_not_reopen_an_agents_claim():
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(NotPermitted, "assignment.not_yours"):
        claim.reopen("재문의", by=OTHER_AGENT, at=LATER)

    assert claim.collect_events() == []


def test_a_happy_call_records_satisfaction():
    claim = a_claim(closed_by=AGENT)

    claim.record_satisfaction(9, "happy_call", "빠르게 처리해 주셔서 감사합니다", by=AGENT, at=LATER)

    satisfaction = replayed(claim).satisfaction
    assert (satisfaction.score, satisfaction.via) == (9, "happy_call")
    assert satisfaction.comment == "빠르게 처리해 주셔서 감사합니다"
    assert satisfaction.at == LATER


@pytest.mark.parametrize("score", [0, 10])
def test_satisfaction_accepts_the_ends_of_the_scale(score):
    claim = a_claim(closed_by=AGENT)

    claim.record_satisfaction(score, "survey", None, by=AGENT, at=LATER)

    assert claim.satisfaction.score == score


@pytest.mark.parametrize("score", [11, -1, 5.5, 8.0, True, False, "8", None])
def test_satisfaction_outside_zero_to_ten_whole_numbers_is_refused(score):
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "score.range"):
        claim.record_satisfaction(score, "happy_call", None, by=AGENT, at=LATER)

    assert claim.collect_events() == []
    assert claim.satisfaction is None


def test_satisfaction_through_an_unknown_way_is_refused():
    claim = a_claim(closed_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "via.unknown"):
        claim.record_satisfaction(8, "kakao", None, by=AGENT, at=LATER)

    assert claim.collect_events() == []


def test_satisfaction_is_asked_only_after_closure():
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(StateConflict, "satisfaction.not_closed"):
        claim.record_satisfaction(8, "happy_call", None, by=AGENT, at=LATER)

    assert claim.collect_events() == []


def test_a_later_happy_call_replaces_the_score():
    claim = a_claim(closed_by=AGENT)
    claim.record_satisfaction(4, "survey", None, by=AGENT, at=NOW)

    claim.record_satisfaction(8, "happy_call", None, by=AGENT, at=LATER)

    satisfaction = replayed(claim).satisfaction
    assert (satisfaction.score, satisfaction.via) == (8, "happy_call")


def test_reopening_clears_the_satisfaction_of_the_earlier_closure():
    claim = a_claim(closed_by=AGENT)
    claim.record_satisfaction(3, "happy_call", None, by=AGENT, at=NOW)

    claim.reopen("불만족으로 재처리", by=AGENT, at=LATER)

    assert replayed(claim).satisfaction is None
