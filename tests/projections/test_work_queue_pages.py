"""Keyset pages over the whole work queue: no duplicates and no gaps, whatever the filters.

These tests page through every row of the queue, so each starts from an empty store."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from casemgmt.application.clock import KST
from casemgmt.projections import queue_query
from tests.builders import NOW as FRIDAY_10
from tests.builders import a_customer

pytestmark = pytest.mark.own_store("The whole queue is paged: an empty store to start from.")

CHANNELS = ("phone", "chat", "board", "email")
CATEGORIES = ("delivery", "refund_delay", "membership")


@pytest.fixture
def a_crowded_queue(services, app, team, clock) -> list[str]:
    """36 claims over five receipt times (so many share one), with mixed attributes."""
    rng = random.Random(20261120)
    filed = []
    for i in range(36):
        agent = rng.choice([team.agent, team.other_agent]).actor
        claim = app.file_claim(
            agent, channel=rng.choice(CHANNELS), category=rng.choice(CATEGORIES),
            customer=a_customer(id=f"C-{i % 5}"), order=None, summary=f"문의 {i}",
            received_at=FRIDAY_10 - timedelta(days=rng.choice([0, 1, 1, 3, 8])))
        filed.append(str(claim.id))
        if rng.random() < 0.6:
            app.assign(agent, claim.id, agent.id)
        if rng.random() < 0.3:
            app.respond(team.supervisor.actor, claim.id, "확인 중입니다.", "phone")
    services.projections.catch_up()
    return filed


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


SATURDAY_NOON = datetime(2026, 11, 21, 12, 0, tzinfo=KST)


def late_on_saturday_noon(claim) -> bool:
    """Overdue at Sat Nov 21 12:00, worked out by hand. Every category here has 1 business day
    to answer and 3 to resolve. Received Fri 20 10:00: due Mon 23 and Wed 25, on time.
    Received Thu 19: the answer was due Fri 20 10:00 (late unless answered), the resolution
    Tue 24. Received Tue 17: the resolution was due Fri 20 10:00. Received Thu 12: late too."""
    days_before = (FRIDAY_10 - claim.received_at).days
    assert days_before in (0, 1, 3, 8)
    return days_before >= 3 or (days_before == 1 and claim.first_response_at is None)


def test_keyset_pages_have_no_duplicates_and_no_gaps(a_crowded_queue, services, app):
    now = SATURDAY_NOON
    for filters in FILTERS:
        expected = _expected(app, a_crowded_queue, filters)
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
        expected = _expected(app, a_crowded_queue, {"assignee": member.id})
        assert expected
        seen, after = [], None
        while True:
            rows, after = queue_query.page(services.db, {"assignee": member.id}, now=now,
                                           limit=3, after=after)
            seen.extend(row.values["claim_id"] for row in rows)
            if after is None:
                break
        assert seen == expected


def _expected(app, claim_ids, filters) -> list[str]:
    """The claims the filters select, in (received_at, id) order, worked out from the
    aggregates (overdue: as of Saturday noon)."""
    claims = [app.get_claim(claim_id) for claim_id in claim_ids]
    chosen = []
    for c in claims:
        late = "overdue" in filters and late_on_saturday_noon(c)
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
