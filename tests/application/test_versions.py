"""Expected versions: a stale one is refused and writes nothing; the right one goes through."""
from __future__ import annotations

import pytest

from casemgmt.application.errors import StaleVersion
from tests.application.expect import log_position, stored_events, stored_since
from tests.builders import a_claim_in_hand, a_filed_claim, a_responded_claim


def _commands(app, team, clock):
    return {
        "assign": lambda cid, v: app.assign(team.supervisor.actor, cid, team.other_agent.id,
                                            expected_version=v),
        "respond": lambda cid, v: app.respond(team.agent.actor, cid, "안내드립니다", "phone",
                                              expected_version=v),
        "note": lambda cid, v: app.add_note(team.agent.actor, cid, "메모", expected_version=v),
        "fact check": lambda cid, v: app.request_fact_check(
            team.agent.actor, cid, vendor_id="M-9", vendor_kind="merchant", question="휴업?",
            expected_version=v),
        "decision": lambda cid, v: app.propose_decision(
            team.agent.actor, cid, remedy="coupon", amount_krw=5_000, rationale="사과의 의미",
            expected_version=v),
        "escalation": lambda cid, v: app.escalate(
            team.agent.actor, cid, agency="kca", agency_reference="K-1", received_at=clock.now(),
            expected_version=v),
        "abuse report": lambda cid, v: app.report_abuse(team.agent.actor, cid, kind="threat",
                                                        expected_version=v),
        "closure": lambda cid, v: app.close_claim(team.agent.actor, cid, resolution="resolved",
                                                  expected_version=v),
    }


COMMANDS = ["assign", "respond", "note", "fact check", "decision", "escalation", "abuse report",
            "closure"]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_with_a_stale_version_writes_nothing(app, team, clock, command):
    claim = a_responded_claim(app, team.agent.actor)
    position = log_position(app)

    with pytest.raises(StaleVersion) as caught:
        _commands(app, team, clock)[command](claim.id, claim.version - 1)

    assert (caught.value.expected, caught.value.actual) == (claim.version - 1, claim.version)
    assert len(stored_events(app, claim.id)) == claim.version
    assert stored_since(app, position) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_with_the_current_version_goes_through(app, team, clock, command):
    claim = a_responded_claim(app, team.agent.actor)

    _commands(app, team, clock)[command](claim.id, claim.version)

    assert len(stored_events(app, claim.id)) == claim.version + 1
    assert app.get_claim(claim.id).version == claim.version + 1


def test_a_version_from_the_future_is_stale_too(app, team):
    claim = a_claim_in_hand(app, team.agent.actor)

    with pytest.raises(StaleVersion):
        app.respond(team.agent.actor, claim.id, "안내", "phone",
                    expected_version=claim.version + 1)

    assert app.get_claim(claim.id).first_response_at is None


def test_a_writer_who_read_before_a_colleague_wrote_is_refused(app, team):
    claim = a_filed_claim(app, team.agent.actor)
    seen_by_supervisor = claim.version
    app.assign(team.agent.actor, claim.id, team.agent.id, expected_version=claim.version)

    with pytest.raises(StaleVersion):
        app.assign(team.supervisor.actor, claim.id, team.other_agent.id,
                   expected_version=seen_by_supervisor)

    assert app.get_claim(claim.id).assignee == team.agent.id


def test_the_version_is_checked_before_the_rules(app, team, clock):
    claim = a_claim_in_hand(app, team.agent.actor)

    with pytest.raises(StaleVersion):
        app.close_claim(team.agent.actor, claim.id, resolution="resolved", expected_version=1)


def test_a_closure_that_cancels_fact_checks_checks_the_version_once(app, team, clock):
    claim = a_responded_claim(app, team.agent.actor)
    app.request_fact_check(team.agent.actor, claim.id, vendor_id="M-9", vendor_kind="merchant",
                           question="휴업?")
    current = app.get_claim(claim.id).version

    closed = app.close_claim(team.agent.actor, claim.id, resolution="resolved",
                             expected_version=current)

    assert closed.version == current + 2
    assert len(stored_events(app, claim.id)) == current + 2


def test_every_command_adds_exactly_one_version(app, team, clock):
    claim = a_claim_in_hand(app, team.agent.actor)
    versions = []

    for _ in range(3):
        clock.advance(minutes=1)
        versions.append(app.add_note(team.agent.actor, claim.id, "통화 시도").version)
    versions.append(app.respond(team.agent.actor, claim.id, "연락드렸습니다", "phone").version)

    assert versions == [3, 4, 5, 6]
    assert stored_events(app, claim.id)[-1].at == clock.now()
