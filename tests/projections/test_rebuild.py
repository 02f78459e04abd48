"""Views are a pure function of the event log: a rebuild from zero writes the very same rows."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from casemgmt.api import create_app
from casemgmt.bootstrap import build
from casemgmt.domain.deadlines import DeadlinePolicy
from casemgmt.infrastructure.sql import COPY_FROM_ROWS
from casemgmt.projections.runner import ProjectionRunner

from .helpers import dump_views, views_after_a_busy_week
from .scenarios import a_busy_week

pytestmark = pytest.mark.own_store("A rebuild replays the whole store: an empty one to start from.")


def test_a_rebuild_from_zero_writes_the_same_rows(services, team, clock):
    before = views_after_a_busy_week(services, team, clock)

    services.projections.rebuild()

    assert dump_views(services) == before
    head = services.casemgmt.recorder.max_notification_id()
    assert set(services.projections.positions().values()) == {head}


def test_rebuilding_one_view_leaves_the_others_untouched(services, team, clock):
    a_busy_week(services.casemgmt, team, clock)
    services.projections.catch_up()
    before = dump_views(services)

    services.projections.rebuild(["authority_ledger"])

    assert dump_views(services) == before


def test_batch_boundaries_do_not_change_the_rows(services, team, clock):
    """The runner folds claims per batch; one event per batch must give what one batch gives
    (on PostgreSQL the big batch's plain inserts go by COPY, the one-event batches' do not)."""
    a_busy_week(services.casemgmt, team, clock)
    services.projections.catch_up()
    one_batch = dump_views(services)
    assert len(one_batch["audit_trail"]) > COPY_FROM_ROWS

    tiny = ProjectionRunner(services.casemgmt, services.db, services.projections.views,
                            batch_size=1)
    tiny.rebuild()
    assert dump_views(services) == one_batch

    odd = ProjectionRunner(services.casemgmt, services.db, services.projections.views,
                           batch_size=7, cache_size=2)  # also: states evicted from the cache
    odd.rebuild()
    assert dump_views(services) == one_batch


def test_a_view_whose_fingerprint_changed_is_cleared_and_rebuilt(services, team, clock):
    ids = a_busy_week(services.casemgmt, team, clock)
    _, token = services.casemgmt.add_staff("감사원2", "auditor")
    services.projections.catch_up()
    before = dump_views(services)
    head = services.casemgmt.recorder.max_notification_id()

    # The same deadline policy again: nothing to rebuild.
    same = build(services.settings, clock=clock)
    try:
        assert same.projections.positions()["work_queue"] == head
        assert dump_views(same) == before
    finally:
        same.close()

    slower = DeadlinePolicy(first_response_business_days=2,
                            resolution_business_days={"refund_delay": 9})
    rebuilt = build(services.settings, clock=clock, deadline_policy=slower)
    try:
        positions = rebuilt.projections.positions()
        assert positions["work_queue"] == 0           # cleared, to be rebuilt
        assert positions["audit_trail"] == head       # the other views keep their rows
        assert positions["authority_ledger"] == head
        after = dump_views(rebuilt)
        assert after["work_queue"] == []
        assert after["audit_trail"] == before["audit_trail"]
        assert after["authority_grants"] == before["authority_grants"]

        # The next read catches the view up by itself, with the new policy's deadlines.
        client = create_app(services=rebuilt).test_client()
        response = client.get("/api/v1/claims?limit=500",
                              headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        items = {item["id"]: item for item in response.get_json()["items"]}
        assert set(items) == set(ids.values())
        # Received Fri Nov 20 11:21 (see a_busy_week): 2 business days → Tue Nov 24; 9 → Thu
        # Dec 3 (Nov 23-27, Nov 30, Dec 1-3), at the same time of day.
        assert items[ids["awaiting_approval"]]["deadlines"] == {
            "first_response": "2026-11-24T11:21:00+09:00",
            "resolution": "2026-12-03T11:21:00+09:00",
            "refund": None,
        }
        assert set(rebuilt.projections.positions().values()) == {head}
    finally:
        rebuilt.close()


FINGERPRINT = """
from types import SimpleNamespace
from casemgmt.projections.work_queue import WorkQueueView
from casemgmt.domain.deadlines import DeadlinePolicy
from casemgmt.infrastructure.sql import COPY_FROM_ROWS
from casemgmt.domain.calendar import BusinessCalendar
# the fingerprint reads the policy and the calendar only
view = SimpleNamespace(policy=DeadlinePolicy(), calendar=BusinessCalendar())
print(WorkQueueView.fingerprint.fget(view))
"""


def test_the_work_queue_fingerprint_is_the_same_in_every_process():
    """A fingerprint that differed between processes would clear the view at every start."""
    runs = [subprocess.Popen([sys.executable, "-c", FINGERPRINT], stdout=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONHASHSEED": str(seed)})
            for seed in (0, 1, 5)]  # string hashes that order the policy's sets differently
    seen = {run.communicate(timeout=60)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert len(seen) == 1
