"""Keyset pages over the whole work queue: no duplicates and no gaps, whatever the filters.

These tests page through every row of the queue, so each starts from an empty store."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from casemgmt.application.clock import KST
from casemgmt.domain import deadlines as dl
from casemgmt.projections import queue_query
from tests.builders import a_customer

FRIDAY_10 = datetime(2026, 11, 20, 10, 0, tzinfo=KST)  # the `clock` fixture's start


@pytest.fixture
def database_url(fresh_database_url):
    """The whole queue is paged: an empty store to start from."""
    return fresh_database_url


def queue(services, now) -> list[dict]:
    rows, last = queue_query.page(services.db, {}, now=now, limit=500)
    assert last is None, "the test asked for everything in one page"
    return [row.values for row in rows]


CHANNELS = ("phone", "chat", "board", "email")
CATEGORIES = ("delivery", "refund_delay", "membership")


@pytest.fixture
def a_crowded_queue(services, app, team, clock):
    """36 claims over five receipt times (so many share one), with mixed attributes."""
    rng = random.Random(20261120)
    for i in range(36):
        agent = rng.choice([team.agent, team.other_agent]).actor
        claim = app.file_claim(
            agent, channel=rng.choice(CHANNELS), category=rng.choice(CATEGORIES),
            customer=a_customer(id=f"C-{i % 5}"), order=None, summary=f"문의 {i}",
            received_at=FRIDAY_10 - timedelta(days=rng.choice([0, 1, 1, 3, 8])))
        if rng.random() < 0.6:
            app.assign(agent, claim.id, agent.id)
        if rng.random() < 0.3:
            app.respond(team.supervisor.actor, claim.id, "확인 중입니다.", "phone")
    services.projections.catch_up()


FILTERS = [
    {},
    {"status": "new"},
    {"status": "in_progress", "category": "delivery"},
    {"channel": "phone"},
    {"customer_id": "C-3"},
    {"received_from": FRIDAY_10 - timedelta(days=1), "received_to": FRIDAY_10},
    {"overdue": True},
    {"overdue": False, "channel": "chat"},
]


def test_keyset_pages_have_no_duplicates_and_no_gaps(a_crowded_queue, services, app):
    now = datetime(2026, 11, 21, 12, 0, tzinfo=KST)
    for filters in FILTERS:
        expected = _expected(services, app, filters, now)
        assert expected, filters  # each filter selects something, and not everything
        assert len(expected) < 36 or not filters, filters
        for limit in (1, 4, 7, 36):
            seen, after, pages = [], None, 0
            while True:
                rows, after = queue_query.page(services.db, filters, now=now, limit=limit,
                                               after=after)
                pages += 1
                assert len(rows) <= limit
                seen.extend(row.values["claim_id"] for row in rows)
                if after is None:
                    break
                assert len(rows) == limit  # a cursor only comes with a full page
                assert pages < 100
            assert seen == expected, (filters, limit)


def test_the_assignee_filter_pages_too(a_crowded_queue, services, app, team):
    now = FRIDAY_10
    for member in (team.agent, team.other_agent):
        expected = _expected(services, app, {"assignee": member.id}, now)
        assert expected
        seen, after = [], None
        while True:
            rows, after = queue_query.page(services.db, {"assignee": member.id}, now=now,
                                           limit=3, after=after)
            seen.extend(row.values["claim_id"] for row in rows)
            if after is None:
                break
        assert seen == expected


def _expected(services, app, filters, now) -> list[str]:
    """The claims the filters select, in (received_at, id) order, computed from the aggregates."""
    claims = [app.get_claim(r["claim_id"]) for r in queue(services, now)]
    chosen = []
    for c in claims:
        pending = dl.pending_deadlines(c, services.deadline_policy, services.calendar)
        late = any(now > due for _, due in pending)
        if any([
            "status" in filters and c.status.value != filters["status"],
            "category" in filters and c.category != filters["category"],
            "channel" in filters and c.channel != filters["channel"],
            "assignee" in filters and c.assignee != filters["assignee"],
            "customer_id" in filters and c.customer.id != filters["customer_id"],
            "received_from" in filters and c.received_at < filters["received_from"],
            "received_to" in filters and c.received_at >= filters["received_to"],
            filters.get("overdue") is True and not late,
            filters.get("overdue") is False and late,
        ]):
            continue
        chosen.append(c)
    return [str(c.id) for c in sorted(chosen, key=lambda c: (c.received_at, str(c.id)))]
