"""Reads over HTTP: a claim as it stood (?version=, ?as_of=) and read-your-writes on the queue."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest

from casemgmt.api import create_app
from casemgmt.bootstrap import build
from tests.builders import a_claim_in_hand, a_member, an_intake
from tests.http import CLAIMS
from tests.refs import a_customer_id

pytestmark = pytest.mark.own_store(
    "Whole-table checks (nothing stored, rows in the log or the views): a store of its own.")


def post(api, path: str, body: dict, by, expect: int = 200) -> dict:
    response = api.post(path, body, by)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


@pytest.fixture
def customer() -> str:
    return a_customer_id()


@pytest.fixture
def intake(customer) -> dict:
    return an_intake(customer, category="refund_delay", summary="환불이 2주째 안 들어옵니다",
                     description="카드 취소 확인 부탁드립니다.")


def test_a_claim_as_it_stood_at_each_version_and_moment(api, services, clock, intake):
    agent, boss = api.team.agent, api.team.supervisor
    moments = [clock.now()]
    answered = [post(api, CLAIMS, intake, agent, expect=201)]  # the claim after each command
    claim_id = answered[0]["id"]

    def later(minutes, path, body, by):
        clock.advance(minutes=minutes)
        moments.append(clock.now())
        answered.append(post(api, f"{CLAIMS}/{claim_id}/{path}", body, by,
                             expect=201 if path == "fact-checks" else 200))

    later(10, "assignment", {"assignee": agent.id}, agent)
    later(30, "responses", {"message": "확인 중입니다.", "channel": "phone"}, agent)
    later(20, "fact-checks", {"vendor": {"id": "PG-1", "kind": "internal"},
                              "question": "취소 전표 확인"}, agent)
    later(60, "fact-checks/fc-1/answer", {"finding": "confirmed", "details": "미처리",
                                          "evidence": []}, agent)
    later(5, "decisions", {"remedy": "refund", "amount_krw": 89_000,
                           "rationale": "전액 환불"}, agent)
    later(15, "decisions/d-1/approval", {"approved": True, "note": "승인"}, boss)
    later(50, "closure", {"resolution": "resolved", "summary": "환불 완료"}, agent)
    later(1440, "reopening", {"reason": "입금 안 됨"}, agent)
    clock.advance(minutes=5)

    events = services.casemgmt.claim_events(claim_id)
    assert len(events) == len(moments) == len(answered) == 9
    assert [claim["version"] for claim in answered] == list(range(1, 10))

    # Each version reads back as the command that made it answered it, a day later.
    for n in range(1, len(events) + 1):
        response = api.get(f"{CLAIMS}/{claim_id}?version={n}", boss)
        assert response.status_code == 200, response.get_json()
        assert response.headers["ETag"] == f'"{n}"'
        assert response.get_json() == answered[n - 1], n

    statuses = [api.get(f"{CLAIMS}/{claim_id}?version={n}", boss).get_json()["status"]
                for n in range(1, 10)]
    assert statuses == ["new", "in_progress", "in_progress", "awaiting_vendor", "in_progress",
                        "awaiting_approval", "in_progress", "closed", "in_progress"]

    # Between two commands: the claim after the first of them; at a command's own moment:
    # after it; before the intake: it did not exist.
    for n, moment in enumerate(moments, start=1):
        for at in (moment, moment + timedelta(minutes=4)):
            response = api.get(f"{CLAIMS}/{claim_id}?as_of={quote(at.isoformat())}", boss)
            assert response.status_code == 200, response.get_json()
            assert response.get_json() == answered[n - 1], (n, at)
    before = quote((moments[0] - timedelta(seconds=1)).isoformat())
    assert api.get(f"{CLAIMS}/{claim_id}?as_of={before}", boss).status_code == 404
    assert api.get(f"{CLAIMS}/{claim_id}?version=10", boss).status_code == 404

    masked = api.get(f"{CLAIMS}/{claim_id}?version=1", api.team.auditor).get_json()
    assert masked["customer"]["name"] == "김*수"
    assert masked["customer"]["phone"] == "010-****-5678"


def queue_ids(api, by, customer: str, **filters) -> dict[str, int]:
    """{claim id: version} of the customer's claims the filters select, as the queue lists them."""
    query = "&".join(f"{k}={quote(str(v))}" for k, v in {**filters, "customer_id": customer}
                     .items())
    response = api.get(f"{CLAIMS}?limit=500&{query}", by)
    assert response.status_code == 200, response.get_json()
    return {item["id"]: item["version"] for item in response.get_json()["items"]}


def test_the_queue_reflects_a_command_as_soon_as_it_answers(api, intake, customer):
    team = api.team
    agent, other = team.agent.id, team.other_agent.id
    created = post(api, CLAIMS, intake, team.agent, expect=201)
    claim_id = created["id"]
    assert queue_ids(api, team.agent, customer, status="new") == {claim_id: 1}

    taken = post(api, f"{CLAIMS}/{claim_id}/assignment", {"assignee": agent}, team.agent)
    assert queue_ids(api, team.agent, customer, assignee=agent) == {claim_id: taken["version"]}
    assert queue_ids(api, team.agent, customer, status="new") == {}

    moved = post(api, f"{CLAIMS}/{claim_id}/assignment", {"assignee": other}, team.supervisor)
    assert queue_ids(api, team.supervisor, customer, assignee=agent) == {}
    assert queue_ids(api, team.supervisor, customer, assignee=other) == {
        claim_id: moved["version"]}

    post(api, f"{CLAIMS}/{claim_id}/responses", {"message": "확인 중", "channel": "phone"},
         team.other_agent)
    closed = post(api, f"{CLAIMS}/{claim_id}/closure", {"resolution": "resolved"},
                  team.other_agent)
    assert queue_ids(api, team.auditor, customer, status="closed") == {
        claim_id: closed["version"]}


def test_another_process_on_the_same_database_reads_the_write(api, settings, clock, intake,
                                                              customer):
    """A second API process has its own runner, which never ran: its read catches up first."""
    agent = api.team.agent
    second = build(settings, clock=clock)
    try:
        reader = create_app(services=second).test_client()
        for round_ in range(3):
            claim_id = post(api, CLAIMS, intake, agent, expect=201)["id"]
            taken = post(api, f"{CLAIMS}/{claim_id}/assignment", {"assignee": agent.id}, agent)
            response = reader.get(f"{CLAIMS}?assignee={agent.id}&customer_id={customer}"
                                  "&limit=500", headers=api.team.supervisor.auth)
            items = {i["id"]: i["version"] for i in response.get_json()["items"]}
            assert items.get(claim_id) == taken["version"]
            assert len(items) == round_ + 1
    finally:
        second.close()


def test_pages_of_the_queue_over_http(api, clock, intake, customer):
    created = []
    for i in range(7):
        created.append(post(api, CLAIMS, {**intake, "summary": f"문의 {i}"}, api.team.agent,
                            expect=201)["id"])
        if i % 3 == 0:
            clock.advance(minutes=1)  # some claims share a receipt time, some do not
    seen, cursor = [], None
    while True:
        path = f"{CLAIMS}?customer_id={customer}&limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = api.get(path, api.team.auditor).get_json()
        seen.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(created) and len(seen) == len(set(seen))


def test_the_authority_endpoint_reads_the_ledger(api, app, intake):
    # An agent and a supervisor of this test alone: the ledger adds up by person and month.
    agent, supervisor = a_member(app, "박지은", "agent", 30_000), a_member(app, "이영희",
                                                                         "supervisor", 500_000)
    claim_id = post(api, CLAIMS, intake, agent, expect=201)["id"]
    post(api, f"{CLAIMS}/{claim_id}/assignment", {"assignee": agent.id}, agent)
    post(api, f"{CLAIMS}/{claim_id}/decisions",
         {"remedy": "coupon", "amount_krw": 10_000, "rationale": "사과"}, agent)
    post(api, f"{CLAIMS}/{claim_id}/decisions",
         {"remedy": "refund", "amount_krw": 89_000, "rationale": "환불"}, agent)
    post(api, f"{CLAIMS}/{claim_id}/decisions/d-2/approval", {"approved": True}, supervisor)
    mine = api.get(f"/api/v1/staff/{agent.id}/authority?month=2026-11", agent)
    boss = api.get(f"/api/v1/staff/{supervisor.id}/authority?month=2026-11", supervisor)
    assert (mine.get_json()["granted_krw"], mine.get_json()["granted_count"]) == (10_000, 1)
    assert (boss.get_json()["granted_krw"], boss.get_json()["granted_count"]) == (89_000, 1)


def test_readyz_reports_how_far_each_view_trails_the_store(api, services, app, team):
    services.projections.catch_up()
    head = app.recorder.max_notification_id()
    body = api.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["checks"]["projections"]["lag"] == {
        "work_queue": 0, "audit_trail": 0, "authority_ledger": 0, "customer_index": 0,
        "customer_claims": 0, "order_approvals": 0, "staff_directory": 0}

    for _ in range(3):
        a_claim_in_hand(app, team.agent.actor)  # 2 events each, no catch-up
    response = api.get("/readyz")
    lag = response.get_json()["checks"]["projections"]["lag"]
    assert response.status_code == 200  # 6 events behind is within the bound
    assert lag == {name: app.recorder.max_notification_id() - head for name in lag}
    assert set(lag.values()) == {6}
