"""Responses to the customer, internal notes, and abuse reports under agent safety care."""
from __future__ import annotations

from datetime import timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, NotPermitted
from tests.builders import AGENT, AUDITOR, NOW, SUPERVISOR, a_claim, event_names, replayed
from tests.expect import refused

FIRST = NOW + timedelta(minutes=12)
SECOND = FIRST + timedelta(hours=3)


def test_the_first_response_sets_first_response_at():
    claim = a_claim(held_by=AGENT)

    claim.respond("불편을 드려 죄송합니다. 확인해 보겠습니다.", "phone", by=AGENT, at=FIRST)

    stored = replayed(claim)
    assert stored.first_response_at == FIRST
    response = stored.responses[0]
    assert (response.message, response.channel) == ("불편을 드려 죄송합니다. 확인해 보겠습니다.", "phone")
    assert (response.by, response.at) == (AGENT.id, FIRST)


def test_later_responses_do_not_move_first_response_at():
    claim = a_claim(held_by=AGENT)
    claim.respond("확인 중입니다.", "phone", by=AGENT, at=FIRST)

    claim.respond("가맹점 휴업이 확인되었습니다.", "chat", by=AGENT, at=SECOND)

    stored = replayed(claim)
    assert stored.first_response_at == FIRST
    assert [r.channel for r in stored.responses] == ["phone", "chat"]


def test_each_response_is_an_event_of_its_own():
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    claim.respond("확인 중입니다.", "phone", by=AGENT, at=FIRST)
    claim.respond("가맹점 휴업이 확인되었습니다.", "chat", by=AGENT, at=SECOND)

    assert event_names(claim.collect_events()) == ["Responded", "Responded"]


def test_a_supervisor_responding_to_an_unassigned_claim_starts_the_work():
    claim = a_claim()

    claim.respond("담당자가 곧 연락드립니다.", "sns", by=SUPERVISOR, at=FIRST)

    assert claim.status == "in_progress"
    assert claim.assignee is None


@pytest.mark.parametrize("message", ["", "   ", None])
def test_a_blank_response_is_refused(message):
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "message.required"):
        claim.respond(message, "phone", by=AGENT, at=FIRST)

    assert claim.collect_events() == []
    assert claim.first_response_at is None


def test_a_response_through_an_unknown_channel_is_refused():
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "channel.unknown"):
        claim.respond("안녕하세요", "pigeon", by=AGENT, at=FIRST)

    assert claim.collect_events() == []


def test_a_note_is_kept_with_its_author_and_time():
    claim = a_claim(held_by=AGENT)

    claim.add_note("고객은 오후 3시 이후 통화 선호", by=AGENT, at=FIRST)

    note = replayed(claim).notes[0]
    assert (note.text, note.by, note.at) == ("고객은 오후 3시 이후 통화 선호", AGENT.id, FIRST)


def test_a_note_does_not_count_as_a_response_to_the_customer():
    claim = a_claim(held_by=AGENT)

    claim.add_note("내부 메모", by=AGENT, at=FIRST)

    assert claim.first_response_at is None


@pytest.mark.parametrize("text", ["", "  ", None])
def test_a_blank_note_is_refused(text):
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "text.required"):
        claim.add_note(text, by=AGENT, at=FIRST)

    assert claim.collect_events() == []


def test_an_auditor_may_not_add_a_note():
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(NotPermitted, "role.casework"):
        claim.add_note("감사 의견", by=AUDITOR, at=FIRST)

    assert claim.collect_events() == []


def test_an_abuse_report_flags_the_claim_and_raises_its_priority():
    claim = a_claim(held_by=AGENT)
    priority_before = claim.priority

    claim.report_abuse("verbal_abuse", "통화 중 욕설 3회", by=AGENT, at=FIRST)

    stored = replayed(claim)
    assert (priority_before, stored.priority) == ("normal", "high")
    assert stored.flags == ["abuse_reported"]
    report = stored.abuse_reports[0]
    assert (report.kind, report.details) == ("verbal_abuse", "통화 중 욕설 3회")
    assert (report.by, report.at) == (AGENT.id, FIRST)


@pytest.mark.parametrize("kind", [
    "verbal_abuse", "threat", "sexual_harassment", "repeated_contact"])
def test_every_abuse_kind_is_accepted(kind):
    claim = a_claim(held_by=AGENT)

    claim.report_abuse(kind, None, by=AGENT, at=FIRST)

    assert claim.abuse_reports[-1].kind == kind


@pytest.mark.parametrize("kind", ["rudeness", "", None])
def test_an_unknown_abuse_kind_is_refused(kind):
    claim = a_claim(held_by=AGENT)
    claim.collect_events()

    with refused(InvalidCommand, "kind.unknown"):
        claim.report_abuse(kind, None, by=AGENT, at=FIRST)

    assert claim.collect_events() == []
    assert "abuse_reported" not in claim.flags
