"""The runner keeps a claim it folded between catch-ups, so a claim being worked on is not
loaded again from the store for every command; a kept claim may hold personal data in
clear (a snapshot opens whole), so it goes once its key is destroyed, or after STATE_SECONDS
without an event."""
from __future__ import annotations

from casemgmt.bootstrap import build
from casemgmt.infrastructure.sealing import ERASED
from casemgmt.projections import runner as runner_module
from casemgmt.projections.runner import ProjectionRunner
from tests.builders import a_claim_in_hand, a_customer
from tests.refs import a_customer_id


def loads_counted(monkeypatch, app) -> list:
    loads = []
    real = app.repository.get

    def get(*args, **kwargs):
        if "version" in kwargs:  # the runner's loads; a command loads the claim as it stands
            loads.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(app.repository, "get", get)
    return loads


def test_a_claim_worked_on_is_folded_on_not_loaded_again(services, team, monkeypatch):
    app, runner = services.casemgmt, services.projections
    claim = a_claim_in_hand(app, team.agent.actor)
    runner.catch_up()
    loads = loads_counted(monkeypatch, app)

    for n in range(3):
        app.add_note(team.agent.actor, claim.id, f"메모 {n}")
        runner.catch_up()

    assert loads == []
    assert runner.held()[str(claim.id)].version == claim.version + 3


def test_a_kept_claim_goes_once_another_process_destroyed_its_key(services, team):
    app = services.casemgmt
    kim = a_customer(id=a_customer_id(), name="김보관")
    claim = a_claim_in_hand(app, team.agent.actor, customer=kim)
    services.projections.catch_up()
    # A runner that starts now loads the claim whole, as from a snapshot: names in clear.
    fresh = ProjectionRunner(app, services.db, services.projections.views)
    app.add_note(team.agent.actor, claim.id, "첫 메모")
    fresh.catch_up()
    assert fresh.held()[str(claim.id)].customer.name == "김보관"

    elsewhere = build(services.settings)
    try:
        elsewhere.casemgmt.destroy_claim_data(str(claim.id))
    finally:
        elsewhere.close()
    app.keys.forget(str(claim.id))  # this process's key cache expires too (CACHE_SECONDS)
    app.add_note(team.agent.actor, claim.id, "둘째 메모")
    fresh.catch_up()

    assert fresh.held()[str(claim.id)].customer.name == ERASED


def test_no_claim_is_kept_longer_than_state_seconds_without_an_event(services, team,
                                                                     monkeypatch):
    app, runner = services.casemgmt, services.projections
    claim = a_claim_in_hand(app, team.agent.actor)
    runner.catch_up()
    assert str(claim.id) in runner.held()

    monkeypatch.setattr(runner_module, "STATE_SECONDS", 0.0)
    runner.catch_up()

    assert str(claim.id) not in runner.held()

