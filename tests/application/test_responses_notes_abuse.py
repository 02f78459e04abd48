"""Responses to the customer, internal notes, and abuse reports under agent safety care."""
from __future__ import annotations

import pytest

from casemgmt.domain.errors import InvalidCommand, NotPermitted
from tests.application.expect import event_types, refused, stored_events
from tests.builders import a_claim_in_hand, a_filed_claim


def test_the_first_response_sets_first_response_at(app, team, clock, reread):
    claim = a_claim_in_hand(app, team.agent)
    clock.advance(minutes=12)

    app.respond(team.agent, claim.id, "불편을 드려 죄송합니다. 확인해 보겠습니다.", "phone")

    stored = reread(claim.id)
    assert stored.first_response_at == clock.now()
    assert stored.responses[0].message == "불편을 드려 죄송합니다. 확인해 보겠습니다."
    assert stored.responses[0].by == team.agent.id


def test_later_responses_do_not_move_first_response_at(app, team, clock, reread):
    claim = a_claim_in_hand(app, team.agent)
    first = clock.advance(minutes=12)
    app.respond(team.agent, claim.id, "확인 중입니다.", "phone")
    clock.advance(hours=3)

    app.respond(team.agent, claim.id, "가맹점 휴업이 확인되었습니다.", "chat")

    stored = reread(claim.id)
    assert stored.first_response_at == first
    assert [r.channel for r in stored.responses] == ["phone", "chat"]
    assert event_types(app, claim.id).count("Responded") == 2


def test_a_supervisor_responding_to_an_unassigned_claim_starts_the_work(app, team):
    claim = a_filed_claim(app, team.agent)

    responded = app.respond(team.supervisor, claim.id, "담당자가 곧 연락드립니다.", "sns")

    assert responded.status == "in_progress"
    assert responded.assignee is None


@pytest.mark.parametrize("message", ["", "   ", None])
def test_a_blank_response_is_refused(app, team, message):
    claim = a_claim_in_hand(app, team.agent)

    with refused(InvalidCommand, "message.required"):
        app.respond(team.agent, claim.id, message, "phone")

    assert app.get_claim(claim.id).first_response_at is None


def test_a_response_through_an_unknown_channel_is_refused(app, team):
    claim = a_claim_in_hand(app, team.agent)

    with refused(InvalidCommand, "channel.unknown"):
        app.respond(team.agent, claim.id, "안녕하세요", "pigeon")


def test_a_note_is_kept_with_its_author_and_time(app, team, clock, reread):
    claim = a_claim_in_hand(app, team.agent)
    clock.advance(minutes=5)

    app.add_note(team.agent, claim.id, "고객은 오후 3시 이후 통화 선호")

    note = reread(claim.id).notes[0]
    assert (note.text, note.by, note.at) == ("고객은 오후 3시 이후 통화 선호", team.agent.id, clock.now())


def test_a_note_does_not_count_as_a_response_to_the_customer(app, team):
    claim = a_claim_in_hand(app, team.agent)

    noted = app.add_note(team.agent, claim.id, "내부 메모")

    assert noted.first_response_at is None


@pytest.mark.parametrize("text", ["", "  ", None])
def test_a_blank_note_is_refused(app, team, text):
    claim = a_claim_in_hand(app, team.agent)

    with refused(InvalidCommand, "text.required"):
        app.add_note(team.agent, claim.id, text)


def test_an_auditor_may_not_add_a_note(app, team):
    claim = a_claim_in_hand(app, team.agent)

    with refused(NotPermitted, "role.casework"):
        app.add_note(team.auditor, claim.id, "감사 의견")


def test_an_abuse_report_flags_the_claim_and_raises_its_priority(app, team, reread):
    claim = a_claim_in_hand(app, team.agent)
    assert claim.priority == "normal"

    app.report_abuse(team.agent, claim.id, kind="verbal_abuse", details="통화 중 욕설 3회")

    stored = reread(claim.id)
    assert stored.flags == ["abuse_reported"]
    assert stored.priority == "high"
    report = stored.abuse_reports[0]
    assert (report.kind, report.details, report.by) == ("verbal_abuse", "통화 중 욕설 3회", team.agent.id)


@pytest.mark.parametrize("kind", [
    "verbal_abuse", "threat", "sexual_harassment", "repeated_contact"])
def test_every_abuse_kind_is_accepted(app, team, kind):
    claim = a_claim_in_hand(app, team.agent)

    reported = app.report_abuse(team.agent, claim.id, kind=kind)

    assert reported.abuse_reports[-1].kind == kind


@pytest.mark.parametrize("kind", ["rudeness", "", None])
def test_an_unknown_abuse_kind_is_refused(app, team, kind):
    claim = a_claim_in_hand(app, team.agent)

    with refused(InvalidCommand, "kind.unknown"):
        app.report_abuse(team.agent, claim.id, kind=kind)

    assert "abuse_reported" not in app.get_claim(claim.id).flags
    assert len(stored_events(app, claim.id)) == claim.version
