"""Two delivery runners at once (two API processes, or `casemgmt serve` beside `casemgmt
deliver`), on both backends: they share the work, and no delivery is tried by both at once."""
from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from casemgmt.bootstrap import build
from casemgmt.webhooks.wiring import compose
from tests.builders import a_filed_claim

CLAIMS = 60  # more claims than one runner of two threads leases at once (32)


@pytest.mark.slow
def test_two_runners_share_the_work_and_never_try_the_same_delivery_at_once(
        settings, services, team, webhooks, receiver):
    receiver.script = lambda path, delivery, seen: (200, 0.02)  # slow enough to overlap
    webhooks.desk.subscribe(team.admin.actor, url=receiver.url(), events=["*"])
    for _ in range(CLAIMS):
        claim = a_filed_claim(services.casemgmt, team.agent.actor)
        services.casemgmt.assign(team.agent.actor, claim.id, team.agent.id)
    expected = 2 * CLAIMS
    others = [build(settings) for _ in range(2)]
    runners = [compose(svc).runner(workers=2) for svc in others]

    def run(runner) -> None:
        deadline = time.monotonic() + 60
        while len(receiver.received) < expected and time.monotonic() < deadline:
            runner.step(wait_s=0.02)
        runner.close()

    threads = [threading.Thread(target=run, args=(runner,)) for runner in runners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for svc in others:
        svc.close()

    arrivals = Counter(p["delivery_id"] for p in receiver.payloads())
    assert receiver.overlaps == []
    assert len(arrivals) == expected and set(arrivals.values()) == {1}
    assert all(runner.tries > 0 for runner in runners), [r.tries for r in runners]
