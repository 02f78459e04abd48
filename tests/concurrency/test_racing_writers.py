"""Writers racing on one claim, each through its own application (its own connections).

API.md: "Two writers racing without If-Match: one wins, the other gets 409; no event is lost
or duplicated", and a stale If-Match writes nothing. PostgreSQL is where writers truly
overlap; SQLite serialises them, and must still never lose or duplicate an event.
"""
from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace

import pytest

from casemgmt.application import Casemgmt
from casemgmt.application.clock import FixedClock
from casemgmt.application.errors import ConcurrentWrite, StaleVersion
from casemgmt.bootstrap import build
from tests.builders import NOW, a_claim_in_hand

pytestmark = pytest.mark.slow

WRITERS = 8
NOTES_EACH = 20
ROUNDS = 5  # races on one expected version, one after another
SNAPSHOT_INTERVAL = 5  # snapshots are taken in the middle of the race, by the winners


@pytest.fixture
def apps(settings, backend):
    """One application per writer, plus the one that sets the scene; built one at a time
    (each runs the idempotent migrations on start). Each race is on a claim of its own."""
    url = settings.database_url
    if backend == "postgres":  # small pools: nine applications must not exhaust the server
        url += "&pool_size=1&max_overflow=2"
    racing = replace(settings, database_url=url, snapshot_interval=SNAPSHOT_INTERVAL)
    built = [build(racing, clock=FixedClock(NOW)) for _ in range(WRITERS + 1)]
    yield [services.casemgmt for services in built]
    for services in built:
        services.close()


def race(apps: list[Casemgmt], work) -> list[list]:
    """Run work(app, i) in one thread per application, released together; collect results."""
    start = threading.Barrier(len(apps))
    results: list[list] = [[] for _ in apps]

    def writer(i: int, app: Casemgmt) -> None:
        start.wait()
        try:
            work(app, i, results[i])
        except BaseException as error:  # anything unexpected fails the test, below
            results[i].append(error)

    threads = [threading.Thread(target=writer, args=(i, app)) for i, app in enumerate(apps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a writer hung"
    return results


def stored(app: Casemgmt, claim_id) -> list:
    return list(app.events.get(claim_id))


def fold(events):
    claim = None
    for event in events:
        claim = event.mutate(claim)
    return claim


def state_of(claim) -> dict:
    return {k: v for k, v in vars(claim).items() if k != "_pending_events"}


def test_writers_without_expected_version_lose_cleanly_and_nothing_is_lost(apps, team):
    scene, writers = apps[0], apps[1:]
    claim = a_claim_in_hand(scene, team.agent.actor)
    filed_at_version = claim.version

    def work(app: Casemgmt, i: int, out: list) -> None:
        for j in range(NOTES_EACH):
            text = f"writer {i} note {j}"
            try:
                app.add_note(team.supervisor.actor, claim.id, text)
            except ConcurrentWrite:
                out.append(("lost", text))
            else:
                out.append(("won", text))

    results = race(writers, work)
    unexpected = [r for rs in results for r in rs if isinstance(r, BaseException)]
    assert not unexpected, f"writers failed otherwise than ConcurrentWrite: {unexpected!r}"
    outcomes = Counter(kind for rs in results for kind, _ in rs)
    won = sorted(text for rs in results for kind, text in rs if kind == "won")
    assert outcomes["won"] + outcomes["lost"] == WRITERS * NOTES_EACH
    assert outcomes["won"] >= 1

    events = stored(scene, claim.id)
    versions = [e.originator_version for e in events]
    assert versions == list(range(1, len(events) + 1)), "versions are not contiguous"
    written = len(events) - filed_at_version
    assert written == outcomes["won"], \
        f"{outcomes['won']} commands succeeded but {written} events were stored"
    noted = sorted(e.text for e in events if type(e).__name__ == "NoteAdded")
    assert noted == won, "a successful note is missing, doubled or a lost one was stored"

    final = scene.get_claim(claim.id)  # from the latest snapshot and the events after it
    assert final.version == len(events)
    assert sorted(n.text for n in final.notes) == won
    assert state_of(final) == state_of(fold(events))
    snapshots = [s.originator_version for s in scene.snapshots.get(claim.id)]
    assert snapshots == list(range(SNAPSHOT_INTERVAL, len(events) + 1, SNAPSHOT_INTERVAL))
    print(f"\n{scene.settings.backend}: {outcomes['won']} won, {outcomes['lost']} lost "
          f"(ConcurrentWrite) of {WRITERS * NOTES_EACH}")


def test_writers_with_the_same_expected_version_exactly_one_wins(apps, team):
    scene, writers = apps[0], apps[1:]
    claim = a_claim_in_hand(scene, team.agent.actor)

    for round_ in range(ROUNDS):
        version = scene.get_claim(claim.id).version

        def work(app: Casemgmt, i: int, out: list) -> None:
            try:
                app.add_note(team.agent.actor, claim.id, f"round {round_} writer {i}",
                             expected_version=version)
            except StaleVersion:
                out.append("stale")
            except ConcurrentWrite:
                out.append("concurrent")
            else:
                out.append("won")

        results = race(writers, work)
        unexpected = [r for rs in results for r in rs if isinstance(r, BaseException)]
        assert not unexpected, \
            f"writers failed otherwise than StaleVersion/ConcurrentWrite: {unexpected!r}"
        outcomes = Counter(r for rs in results for r in rs)
        assert outcomes["won"] == 1, outcomes
        assert outcomes["stale"] + outcomes["concurrent"] == WRITERS - 1, outcomes

        events = stored(scene, claim.id)
        assert [e.originator_version for e in events] == list(range(1, version + 2))
        winner = [i for i, rs in enumerate(results) if rs == ["won"]]
        assert events[-1].text == f"round {round_} writer {winner[0]}"
        assert scene.get_claim(claim.id).version == version + 1
