"""Reads over HTTP: a claim as it stood (?version=, ?as_of=) and read-your-writes on the queue."""
from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import quote

import pytest

from casemgmt.api import create_app
from casemgmt.api import presenters
from casemgmt.api.schemas.claims_out import ClaimOut
from casemgmt.bootstrap import build
from tests.builders import a_claim_in_hand, a_team

CLAIMS = "/api/v1/claims"


class Client:
    def __init__(self, services):
        self.services = services
        self.http = create_app(services=services).test_client()
        self.tokens: dict[str, str] = {}
        self.ids: dict[str, str] = {}
        self.actors = {}

    def hire(self, name: str, role: str, limit: int = 0) -> str:
        member, token = self.services.casemgmt.add_staff(name, role, limit)
        self.tokens[name], self.ids[name] = token, str(member.id)
        self.actors[name] = member.as_actor()
        return str(member.id)

    def get(self, path: str, by: str):
        return self.http.get(path, headers={"Authorization": f"Bearer {self.tokens[by]}"})

    def post(self, path: str, body: dict, by: str, expect: int = 200) -> dict:
        response = self.http.post(path, json=body,
                                  headers={"Authorization": f"Bearer {self.tokens[by]}"})
        assert response.status_code == expect, response.get_json()
        return response.get_json()


@pytest.fixture
def client(services):
    c = Client(services)
    c.hire("agent", "agent", 30_000)
    c.hire("other", "agent", 30_000)
    c.hire("boss", "supervisor", 500_000)
    c.hire("auditor", "auditor")
    return c


@pytest.fixture
def team_of_app(services):
    return a_team(services.casemgmt)


INTAKE = {
    "channel": "phone", "category": "refund_delay",
    "customer": {"id": "C-1001", "name": "김민수", "phone": "010-1234-5678",
                 "email": "kim@example.com", "tier": "regular", "vulnerable": []},
    "order": {"id": "O-77", "merchant_id": "M-9", "amount_krw": 89_000},
    "summary": "환불이 2주째 안 들어옵니다", "description": "카드 취소 확인 부탁드립니다.",
}


def test_a_claim_as_it_stood_at_each_version_and_moment(client, services, clock):
    moments = [clock.now()]
    claim_id = client.post(CLAIMS, INTAKE, "agent", expect=201)["id"]

    def later(minutes, path, body, by):
        clock.advance(minutes=minutes)
        moments.append(clock.now())
        client.post(f"{CLAIMS}/{claim_id}/{path}", body, by,
                    expect=201 if path == "fact-checks" else 200)

    later(10, "assignment", {"assignee": client.ids["agent"]}, "agent")
    later(30, "responses", {"message": "확인 중입니다.", "channel": "phone"}, "agent")
    later(20, "fact-checks", {"vendor": {"id": "PG-1", "kind": "internal"},
                              "question": "취소 전표 확인"}, "agent")
    later(60, "fact-checks/fc-1/answer", {"finding": "confirmed", "details": "미처리",
                                          "evidence": []}, "agent")
    later(5, "decisions", {"remedy": "refund", "amount_krw": 89_000,
                           "rationale": "전액 환불"}, "agent")
    later(15, "decisions/d-1/approval", {"approved": True, "note": "승인"}, "boss")
    later(50, "closure", {"resolution": "resolved", "summary": "환불 완료"}, "agent")
    later(1440, "reopening", {"reason": "입금 안 됨"}, "agent")
    clock.advance(minutes=5)

    app = services.casemgmt
    events = app.claim_events(claim_id)
    assert len(events) == len(moments) == 9
    now_view = presenters.View(actor=client.actors["boss"], now=clock.now(),
                               policy=services.deadline_policy, calendar=services.calendar)

    def folded(n: int) -> dict:
        state = None
        for event in events[:n]:
            state = event.mutate(state)
        return json.loads(json.dumps(ClaimOut().dump(presenters.claim_detail(state, now_view))))

    for n in range(1, len(events) + 1):
        response = client.get(f"{CLAIMS}/{claim_id}?version={n}", "boss")
        assert response.status_code == 200, response.get_json()
        assert response.headers["ETag"] == f'"{n}"'
        assert response.get_json() == folded(n), n

    statuses = [client.get(f"{CLAIMS}/{claim_id}?version={n}", "boss").get_json()["status"]
                for n in range(1, 10)]
    assert statuses == ["new", "in_progress", "in_progress", "awaiting_vendor", "in_progress",
                        "awaiting_approval", "in_progress", "closed", "in_progress"]

    # Between two commands: the claim after the first of them; at a command's own moment:
    # after it; before the intake: it did not exist.
    for n, moment in enumerate(moments, start=1):
        for at in (moment, moment + timedelta(minutes=4)):
            response = client.get(f"{CLAIMS}/{claim_id}?as_of={quote(at.isoformat())}", "boss")
            assert response.status_code == 200, response.get_json()
            assert response.get_json() == folded(n), (n, at)
    before = quote((moments[0] - timedelta(seconds=1)).isoformat())
    assert client.get(f"{CLAIMS}/{claim_id}?as_of={before}", "boss").status_code == 404
    assert client.get(f"{CLAIMS}/{claim_id}?version=10", "boss").status_code == 404

    masked = client.get(f"{CLAIMS}/{claim_id}?version=1", "auditor").get_json()
    assert masked["customer"]["name"] == "김*수"
    assert masked["customer"]["phone"] == "010-****-5678"


def queue_ids(client, by: str, **filters) -> dict[str, int]:
    query = "&".join(f"{k}={quote(str(v))}" for k, v in filters.items())
    response = client.get(f"{CLAIMS}?limit=500&{query}", by)
    assert response.status_code == 200, response.get_json()
    return {item["id"]: item["version"] for item in response.get_json()["items"]}


def test_the_queue_reflects_a_command_as_soon_as_it_answers(client, services):
    agent, other = client.ids["agent"], client.ids["other"]
    created = client.post(CLAIMS, INTAKE, "agent", expect=201)
    claim_id = created["id"]
    assert queue_ids(client, "agent", status="new") == {claim_id: 1}

    taken = client.post(f"{CLAIMS}/{claim_id}/assignment", {"assignee": agent}, "agent")
    assert queue_ids(client, "agent", assignee=agent) == {claim_id: taken["version"]}
    assert queue_ids(client, "agent", status="new") == {}

    moved = client.post(f"{CLAIMS}/{claim_id}/assignment", {"assignee": other}, "boss")
    assert queue_ids(client, "boss", assignee=agent) == {}
    assert queue_ids(client, "boss", assignee=other) == {claim_id: moved["version"]}

    client.post(f"{CLAIMS}/{claim_id}/responses", {"message": "확인 중", "channel": "phone"},
                "other")
    closed = client.post(f"{CLAIMS}/{claim_id}/closure", {"resolution": "resolved"}, "other")
    assert queue_ids(client, "auditor", status="closed") == {claim_id: closed["version"]}


def test_another_process_on_the_same_database_reads_the_write(client, services, settings,
                                                              clock):
    """A second API process has its own runner, which never ran: its read catches up first."""
    second = build(settings, clock=clock)
    try:
        reader = create_app(services=second).test_client()
        auth = {"Authorization": f"Bearer {client.tokens['boss']}"}
        for round_ in range(3):
            claim_id = client.post(CLAIMS, INTAKE, "agent", expect=201)["id"]
            taken = client.post(f"{CLAIMS}/{claim_id}/assignment",
                                {"assignee": client.ids["agent"]}, "agent")
            response = reader.get(f"{CLAIMS}?assignee={client.ids['agent']}&limit=500",
                                  headers=auth)
            items = {i["id"]: i["version"] for i in response.get_json()["items"]}
            assert items.get(claim_id) == taken["version"]
            assert len(items) == round_ + 1
    finally:
        second.close()


def test_pages_of_the_queue_over_http(client, services, clock):
    created = []
    for i in range(7):
        created.append(client.post(CLAIMS, {**INTAKE, "summary": f"문의 {i}"}, "agent",
                                   expect=201)["id"])
        if i % 3 == 0:
            clock.advance(minutes=1)  # some claims share a receipt time, some do not
    seen, cursor = [], None
    while True:
        path = f"{CLAIMS}?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(path, "auditor").get_json()
        seen.extend(item["id"] for item in body["items"])
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(created) and len(seen) == len(set(seen))


def test_the_authority_endpoint_reads_the_ledger(client, services):
    claim_id = client.post(CLAIMS, INTAKE, "agent", expect=201)["id"]
    client.post(f"{CLAIMS}/{claim_id}/assignment", {"assignee": client.ids["agent"]}, "agent")
    client.post(f"{CLAIMS}/{claim_id}/decisions",
                {"remedy": "coupon", "amount_krw": 10_000, "rationale": "사과"}, "agent")
    client.post(f"{CLAIMS}/{claim_id}/decisions",
                {"remedy": "refund", "amount_krw": 89_000, "rationale": "환불"}, "agent")
    client.post(f"{CLAIMS}/{claim_id}/decisions/d-2/approval", {"approved": True}, "boss")
    mine = client.get(f"/api/v1/staff/{client.ids['agent']}/authority?month=2026-11", "agent")
    boss = client.get(f"/api/v1/staff/{client.ids['boss']}/authority?month=2026-11", "boss")
    assert (mine.get_json()["granted_krw"], mine.get_json()["granted_count"]) == (10_000, 1)
    assert (boss.get_json()["granted_krw"], boss.get_json()["granted_count"]) == (89_000, 1)


def test_readyz_reports_how_far_each_view_trails_the_store(client, services, team_of_app):
    app = services.casemgmt
    services.projections.catch_up()
    head = app.recorder.max_notification_id()
    body = client.http.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["checks"]["projections"]["lag"] == {
        "work_queue": 0, "audit_trail": 0, "authority_ledger": 0, "customer_index": 0,
        "customer_claims": 0, "order_approvals": 0, "staff_directory": 0}

    for _ in range(3):
        a_claim_in_hand(app, team_of_app.agent)  # 2 events each, no catch-up
    response = client.http.get("/readyz")
    lag = response.get_json()["checks"]["projections"]["lag"]
    assert response.status_code == 200  # 6 events behind is within the bound
    assert lag == {name: app.recorder.max_notification_id() - head for name in lag}
    assert set(lag.values()) == {6}
