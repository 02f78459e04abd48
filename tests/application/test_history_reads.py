"""Reading a claim as it stood: at a version, or as of a moment (for auditors and supervisors)."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta, timezone

import pytest

from casemgmt.application.errors import ClaimNotFound
from casemgmt.application.history import VersionNotFound
from casemgmt.bootstrap import build
from tests.application.expect import stored_events
from tests.builders import a_filed_claim


def a_worked_claim(app, team, clock):
    """Eight events: filing, taking, a response, a fact check and its answer, a pending
    decision and its approval, and closure."""
    claim = a_filed_claim(app, team.agent.actor)
    for command in (
        lambda: app.assign(team.agent.actor, claim.id, team.agent.id),
        lambda: app.respond(team.agent.actor, claim.id, "확인 중입니다", "phone"),
        lambda: app.request_fact_check(team.agent.actor, claim.id, vendor_id="M-9",
                                       vendor_kind="merchant", question="휴업?"),
        lambda: app.answer_fact_check(team.agent.actor, claim.id, "fc-1", finding="confirmed"),
        lambda: app.propose_decision(team.agent.actor, claim.id, remedy="refund",
                                     amount_krw=89_000, rationale="휴업 확인"),
        lambda: app.review_decision(team.supervisor.actor, claim.id, "d-1", approved=True),
        lambda: app.close_claim(team.agent.actor, claim.id, resolution="resolved"),
    ):
        clock.advance(minutes=5)
        command()
    return app.get_claim(claim.id)


def replayed(app, claim_id, n):
    """The claim rebuilt by hand from its first n stored events."""
    aggregate = None
    for stored in stored_events(app, claim_id)[:n]:
        aggregate = stored.mutate(aggregate)
    return aggregate


def visible_state(claim) -> dict:
    return {name: value for name, value in vars(claim).items()
            if not name.startswith("_")} | {"version": claim.version, "status": claim.status}


def test_each_version_equals_the_state_after_that_many_events(app, team, clock):
    claim = a_worked_claim(app, team, clock)

    for n in range(1, claim.version + 1):
        assert visible_state(app.claim_at_version(claim.id, n)) == visible_state(
            replayed(app, claim.id, n)), f"version {n}"


def test_an_old_version_shows_what_the_auditor_expects(app, team, clock):
    claim = a_worked_claim(app, team, clock)

    awaiting_vendor = app.claim_at_version(claim.id, 4)
    awaiting_approval = app.claim_at_version(claim.id, 6)

    assert (awaiting_vendor.status, awaiting_vendor.fact_check("fc-1").status) == (
        "awaiting_vendor", "open")
    assert (awaiting_approval.status, awaiting_approval.decision("d-1").decided_by) == (
        "awaiting_approval", None)
    assert app.get_claim(claim.id).status == "closed"


@pytest.mark.parametrize("version", [0, -1, 9, 100])
def test_a_version_the_claim_never_had_is_not_found(app, team, clock, version):
    claim = a_worked_claim(app, team, clock)

    with pytest.raises(VersionNotFound):
        app.claim_at_version(claim.id, version)


def test_as_of_a_moment_between_two_commands_gives_the_earlier_state(app, team, clock):
    claim = a_filed_claim(app, team.agent.actor)
    clock.advance(minutes=10)
    app.assign(team.agent.actor, claim.id, team.agent.id)
    between = clock.now() + timedelta(minutes=5)
    clock.advance(minutes=10)
    app.respond(team.agent.actor, claim.id, "확인 중입니다", "phone")

    then = app.claim_as_of(claim.id, between)

    assert then.version == 2
    assert (then.assignee, then.first_response_at) == (team.agent.id, None)


def test_as_of_the_exact_moment_of_a_command_includes_it(app, team, clock):
    claim = a_filed_claim(app, team.agent.actor)
    assigned_at = clock.advance(minutes=10)
    app.assign(team.agent.actor, claim.id, team.agent.id)
    clock.advance(minutes=10)
    app.respond(team.agent.actor, claim.id, "확인 중입니다", "phone")

    assert app.claim_as_of(claim.id, assigned_at).version == 2
    assert app.claim_as_of(claim.id, assigned_at - timedelta(microseconds=1)).version == 1


def test_as_of_now_gives_the_current_claim(app, team, clock):
    claim = a_worked_claim(app, team, clock)

    assert app.claim_as_of(claim.id, clock.now()).version == claim.version


def test_as_of_a_moment_in_another_time_zone_means_the_same_instant(app, team, clock):
    claim = a_filed_claim(app, team.agent.actor)
    clock.advance(minutes=10)
    app.assign(team.agent.actor, claim.id, team.agent.id)

    a_minute_before_in_utc = (clock.now() - timedelta(minutes=1)).astimezone(timezone.utc)

    assert app.claim_as_of(claim.id, a_minute_before_in_utc).version == 1


def test_as_of_reads_the_trail_and_the_events_it_has_not_reached_without_waiting(
        services, app, team, clock, monkeypatch):
    """The views hold the claim's first three events only (their runner is elsewhere and
    behind): moments before and after the third come from the trail and from the store."""
    claim = a_filed_claim(app, team.agent.actor)
    moments = [clock.now()]
    for command in (lambda: app.assign(team.agent.actor, claim.id, team.agent.id),
                    lambda: app.respond(team.agent.actor, claim.id, "확인 중입니다", "phone")):
        moments.append(clock.advance(minutes=10))
        command()
    services.projections.catch_up()
    monkeypatch.setattr(services.projections, "background", True)
    waits = []
    monkeypatch.setattr(services.projections, "wait_for",
                        lambda *args, **kwargs: waits.append(args) or False)
    for n in range(2):
        moments.append(clock.advance(minutes=10))
        app.add_note(team.agent.actor, claim.id, f"메모 {n}")
    assert services.views.version_as_of(str(claim.id), clock.now())[1] == 3

    versions = [app.claim_as_of(claim.id, moment).version for moment in moments]
    between = [app.claim_as_of(claim.id, moment + timedelta(minutes=5)).version
               for moment in moments]

    assert versions == [1, 2, 3, 4, 5]
    assert between == [1, 2, 3, 4, 5]
    assert waits == []


def test_as_of_before_filing_there_was_no_claim(app, team, clock):
    claim = a_filed_claim(app, team.agent.actor)

    with pytest.raises(ClaimNotFound):
        app.claim_as_of(claim.id, clock.now() - timedelta(seconds=1))


@pytest.mark.parametrize("read", ["now", "version", "as_of"])
def test_an_unknown_claim_is_not_found(app, team, clock, read):
    staff_id = team.agent.id
    for claim_id in (uuid.uuid4(), "not-a-uuid", staff_id):
        with pytest.raises(ClaimNotFound):
            if read == "now":
                app.get_claim(claim_id)
            elif read == "version":
                app.claim_at_version(claim_id, 1)
            else:
                app.claim_as_of(claim_id, clock.now())


def test_snapshots_change_nothing_a_reader_sees(settings, team, clock):
    every_third = replace(settings, snapshot_interval=3)
    writing, reading = build(every_third, clock=clock), build(every_third, clock=clock)
    writer, reader = writing.casemgmt, reading.casemgmt
    try:
        claim = a_worked_claim(writer, team, clock)

        snapshots = list(writer.snapshots.get(claim.id))
        states = [visible_state(reader.claim_at_version(claim.id, n))
                  for n in range(1, claim.version + 1)]

        assert [s.originator_version for s in snapshots] == [3, 6]
        assert states == [visible_state(replayed(writer, claim.id, n))
                          for n in range(1, claim.version + 1)]
        assert visible_state(reader.get_claim(claim.id)) == visible_state(claim)
    finally:
        writing.close()
        reading.close()


def test_a_save_of_several_events_crossing_a_snapshot_interval_snapshots_that_version(
        settings, team, clock):
    """The snapshot at 3 of a save that takes the claim from 2 to 6: the claim then stood
    past it, so it is rebuilt at 3 rather than taken from the object saved."""
    every_third = replace(settings, snapshot_interval=3)
    writing, reading = build(every_third, clock=clock), build(every_third, clock=clock)
    writer, reader = writing.casemgmt, reading.casemgmt
    try:
        claim = writer.assign(team.agent.actor, a_filed_claim(writer, team.agent.actor).id,
                              team.agent.id)
        loaded = writer.get_claim(claim.id)
        for n in range(4):
            loaded.add_note(f"메모 {n}", by=team.agent.actor, at=clock.now())
        writer.save(loaded)

        snapshots = [s.originator_version for s in writer.snapshots.get(claim.id)]
        states = [visible_state(reader.claim_at_version(claim.id, n)) for n in range(1, 7)]

        assert snapshots == [3, 6]
        assert states == [visible_state(replayed(writer, claim.id, n)) for n in range(1, 7)]
    finally:
        writing.close()
        reading.close()
