"""The work queue view: events in, one row per claim out, and the filters over it (keyset pages
over the whole queue: test_work_queue_pages.py)."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

from casemgmt.application.clock import KST
from casemgmt.projections import queue_query
from tests.builders import a_customer, a_filed_claim, end_of_day, kst
from tests.refs import a_customer_id

from .scenarios import a_busy_week, customers_of

FRIDAY_10 = datetime(2026, 11, 20, 10, 0, tzinfo=KST)  # the `clock` fixture's start


def queue(services, customers, *, now=None, limit=500, **filters) -> list[dict]:
    """The rows of these customers' claims the filters select, in the queue's order."""
    rows = []
    for customer in customers:
        page, last = queue_query.page(services.db, {**filters, "customer_id": customer},
                                      now=now or services.casemgmt.clock.now(), limit=limit)
        assert last is None, "the test asked for everything in one page"
        rows.extend(row.values for row in page)
    return rows


def rows_by_id(services, customers) -> dict[str, dict]:
    return {row["claim_id"]: row for row in queue(services, customers)}


# Each claim of a_busy_week: received at, then (first response due, resolution due, refund due,
# pending deadlines). The week starts Fri Nov 20 10:00; no public holiday falls in it.
#   new 10:00, a senior: first response 4 calendar hours later; "other": 7 business days.
#   in_progress 10:07, abuse reported at 11:14: first response by 15:14; delivery: 3 days.
#   awaiting_vendor 11:14, a VIP (no priority): Mon; product_info: 2 days; fc-2 asked at 11:21.
#   awaiting_approval 11:21: refund_delay 3 days; the refund is pending, so no refund clock.
#   escalated 11:28: merchant_service 7 days; KCA received 11:35: day 30 is Sun Dec 20 → Mon 21.
#   closed Mon Nov 23 11:35: exchange_return 5 days; a partial refund approved at 11:42: refund
#     by the end of the 3rd business day, Thu Nov 26; closed, so nothing is pending.
#   reopened Tue Nov 24 16:42, reopened Thu Nov 26 16:49: membership 3 days from the reopening.
#   settled Thu Nov 26 16:49: product_mismatch 7 days; closed.
BUSY_WEEK_DEADLINES = {
    "new": (kst(2026, 11, 20, 14), kst(2026, 12, 1, 10), None,
            [("first_response", kst(2026, 11, 20, 14)), ("resolution", kst(2026, 12, 1, 10))]),
    "in_progress": (kst(2026, 11, 20, 15, 14), kst(2026, 11, 25, 10, 7), None,
                    [("resolution", kst(2026, 11, 25, 10, 7))]),
    "awaiting_vendor": (kst(2026, 11, 23, 11, 14), kst(2026, 11, 24, 11, 14), None,
                        [("fact_check:fc-2", kst(2026, 11, 24, 11, 21)),
                         ("resolution", kst(2026, 11, 24, 11, 14))]),
    "awaiting_approval": (kst(2026, 11, 23, 11, 21), kst(2026, 11, 25, 11, 21), None,
                          [("resolution", kst(2026, 11, 25, 11, 21))]),
    "escalated": (kst(2026, 11, 23, 11, 28), kst(2026, 12, 1, 11, 28), None,
                  [("resolution", kst(2026, 12, 1, 11, 28)),
                   ("relief:e-1", end_of_day(2026, 12, 21))]),
    "closed": (kst(2026, 11, 24, 11, 35), kst(2026, 11, 30, 11, 35), end_of_day(2026, 11, 26),
               []),
    "reopened": (kst(2026, 11, 25, 16, 42), kst(2026, 12, 1, 16, 49), None,
                 [("resolution", kst(2026, 12, 1, 16, 49))]),
    "settled": (kst(2026, 11, 27, 16, 49), kst(2026, 12, 7, 16, 49), None, []),
}


def test_each_claim_has_one_row_with_what_its_events_say(services, app, team, clock):
    ids = a_busy_week(app, team, clock)
    services.projections.catch_up()
    rows = rows_by_id(services, customers_of(app, ids))
    assert set(rows) == set(ids.values())

    def row(name):
        return rows[ids[name]]

    assert {name: row(name)["status"] for name in ids} == {
        "new": "new", "in_progress": "in_progress", "awaiting_vendor": "awaiting_vendor",
        "awaiting_approval": "awaiting_approval", "escalated": "escalated", "closed": "closed",
        "reopened": "in_progress", "settled": "closed"}
    assert {name: row(name)["priority"] for name in ids} == {
        "new": "high",                 # a senior customer
        "in_progress": "high",         # abuse reported
        "awaiting_vendor": "high",     # a VIP
        "awaiting_approval": "normal", "escalated": "urgent", "closed": "normal",
        "reopened": "high", "settled": "normal"}
    assert {name: json.loads(row(name)["flags"]) for name in ids} == {
        "new": ["vulnerable_customer"], "in_progress": ["abuse_reported"], "awaiting_vendor": [],
        "awaiting_approval": [], "escalated": ["agency_escalation"], "closed": [],
        "reopened": ["reopened"], "settled": ["agency_escalation"]}
    assert {name: row(name)["assignee"] for name in ids} == {
        "new": None, "in_progress": team.agent.id, "awaiting_vendor": team.other_agent.id,
        "awaiting_approval": team.agent.id, "escalated": team.agent.id, "closed": team.agent.id,
        "reopened": team.agent.id, "settled": team.other_agent.id}
    assert row("new")["channel"] == "sns" and row("new")["category"] == "other"
    assert row("new")["customer_id"].startswith("C-NEW-")
    assert json.loads(row("new")["customer_vulnerable"]) == ["senior"]
    assert row("awaiting_vendor")["customer_tier"] == "vip"
    assert row("new")["first_response_at"] is None
    assert row("in_progress")["first_response_at"] == row("in_progress")["received_at"] + \
        timedelta(hours=1, minutes=7)  # filed, 7 minutes, then an hour
    assert row("closed")["satisfaction_score"] == 9
    assert row("reopened")["satisfaction_score"] is None   # reopening clears the last score
    assert row("reopened")["closed_at"] is None and row("reopened")["reopen_count"] == 1
    assert row("settled")["escalated"] is True and row("settled")["handler_count"] == 1
    assert row("awaiting_vendor")["handler_count"] == 1

    # Every column agrees with the claim as the application loads it.
    for name, claim_id in ids.items():
        claim = app.get_claim(claim_id)
        r = rows[claim_id]
        assert (r["version"], r["status"], r["category"], r["channel"], r["customer_id"]) == \
            (claim.version, claim.status.value, claim.category, claim.channel,
             claim.customer.id), name
        assert r["received_at"] == claim.received_at, name
        assert r["first_response_at"] == claim.first_response_at, name
        assert r["closed_at"] == claim.closed_at, name
        assert (r["reopen_count"], r["escalated"], r["handler_count"]) == \
            (claim.reopen_count, bool(claim.escalations), len(claim.handlers)), name

    # The deadlines, worked out by hand from the week's timeline (see BUSY_WEEK_DEADLINES).
    for name, (first_response, resolution, refund, pending) in BUSY_WEEK_DEADLINES.items():
        r = row(name)
        assert (r["first_response_due"], r["resolution_due"], r["refund_due"]) == \
            (first_response, resolution, refund), name
        assert [(n, datetime.fromisoformat(due)) for n, due in
                json.loads(r["pending_deadlines"])] == pending, name
        assert r["next_due_at"] == min((due for _, due in pending), default=None), name

    assert row("closed")["refund_due"] is not None        # an approved partial refund
    assert row("closed")["next_due_at"] is None            # nothing left to meet
    assert [n for n, _ in json.loads(row("awaiting_vendor")["pending_deadlines"])] == \
        ["fact_check:fc-2", "resolution"]                  # fc-1 was answered
    assert [n for n, _ in json.loads(row("escalated")["pending_deadlines"])] == \
        ["resolution", "relief:e-1"]


def test_staff_members_have_no_row(services, team):
    services.projections.catch_up()

    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT COUNT(*) FROM work_queue WHERE claim_id IN (%s, %s)",
                    (team.agent.id, team.admin.id))
        rows = cur.fetchone()[0]

    assert rows == 0


def test_a_row_follows_its_claim_event_by_event(services, app, team, clock):
    agent, supervisor, other = team.agent.actor, team.supervisor.actor, team.other_agent.actor
    customer = a_customer_id()
    claim_id = str(a_filed_claim(app, agent, customer=a_customer(id=customer)).id)
    seen = []

    def step(command=None):
        if command:
            command()
        services.projections.catch_up()
        r = rows_by_id(services, [customer])[claim_id]
        assert r["version"] == app.get_claim(claim_id).version
        seen.append((r["status"], r["assignee"], r["first_response_at"] is not None,
                     r["closed_at"] is not None, r["reopen_count"]))

    step()
    step(lambda: app.assign(agent, claim_id, agent.id))
    clock.advance(minutes=30)
    step(lambda: app.respond(agent, claim_id, "확인 중입니다.", "phone"))
    step(lambda: app.request_fact_check(agent, claim_id, vendor_id="M-9", vendor_kind="merchant",
                                        question="휴업 여부"))
    step(lambda: app.answer_fact_check(agent, claim_id, "fc-1", finding="confirmed"))
    step(lambda: app.propose_decision(agent, claim_id, remedy="refund", amount_krw=89_000,
                                      rationale="전액 환불"))
    step(lambda: app.review_decision(supervisor, claim_id, "d-1", approved=True))
    step(lambda: app.assign(supervisor, claim_id, team.other_agent.id))
    step(lambda: app.close_claim(other, claim_id, resolution="resolved"))
    step(lambda: app.reopen(supervisor, claim_id, "환불 미입금"))
    assert seen == [
        ("new", None, False, False, 0),
        ("in_progress", agent.id, False, False, 0),
        ("in_progress", agent.id, True, False, 0),
        ("awaiting_vendor", agent.id, True, False, 0),
        ("in_progress", agent.id, True, False, 0),
        ("awaiting_approval", agent.id, True, False, 0),
        ("in_progress", agent.id, True, False, 0),
        ("in_progress", other.id, True, False, 0),
        ("closed", other.id, True, True, 0),
        ("in_progress", other.id, True, False, 1),
    ]
    assert rows_by_id(services, [customer])[claim_id]["handler_count"] == 2


def test_next_due_at_and_the_overdue_filter(services, app, team, clock):
    agent = team.agent.actor
    customers = [a_customer_id() for _ in range(4)]
    plain = str(a_filed_claim(app, agent, customer=a_customer(id=customers[0])).id)
    senior = str(a_filed_claim(app, agent, customer=a_customer(id=customers[1],
                                                               vulnerable=["senior"])).id)
    answered = str(a_filed_claim(app, agent, category="product_info",
                                 customer=a_customer(id=customers[2])).id)
    boss = team.supervisor.actor  # changes any claim, assigned or not
    app.respond(boss, answered, "상품 정보 확인 중", "phone")
    done = str(a_filed_claim(app, agent, customer=a_customer(id=customers[3])).id)
    app.respond(boss, done, "처리되었습니다", "phone")
    app.close_claim(boss, done, resolution="resolved")
    services.projections.catch_up()

    rows = rows_by_id(services, customers)
    monday_10 = datetime(2026, 11, 23, 10, 0, tzinfo=KST)   # 1 business day after Fri 10:00
    tuesday_10 = datetime(2026, 11, 24, 10, 0, tzinfo=KST)  # product_info: 2 business days
    assert rows[plain]["next_due_at"] == monday_10
    assert rows[senior]["next_due_at"] == FRIDAY_10 + timedelta(hours=4)
    assert rows[answered]["next_due_at"] == tuesday_10
    assert rows[done]["next_due_at"] is None

    def overdue_at(moment):
        return {r["claim_id"] for r in queue(services, customers, overdue=True, now=moment)}

    def on_time_at(moment):
        return {r["claim_id"] for r in queue(services, customers, overdue=False, now=moment)}

    minute = timedelta(minutes=1)
    assert overdue_at(FRIDAY_10 + timedelta(hours=4)) == set()          # due, not yet late
    assert overdue_at(FRIDAY_10 + timedelta(hours=4) + minute) == {senior}
    assert overdue_at(monday_10 + minute) == {senior, plain}
    assert overdue_at(tuesday_10 + minute) == {senior, plain, answered}
    assert on_time_at(monday_10 + minute) == {answered, done}
    assert overdue_at(datetime(2030, 1, 1, tzinfo=KST)) == {senior, plain, answered}

    late = {r["claim_id"]: queue_query.QueueRow(r).overdue(monday_10 + minute)
            for r in queue(services, customers)}
    assert late == {plain: ["first_response"], senior: ["first_response"], answered: [],
                    done: []}
