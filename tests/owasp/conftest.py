"""Fixtures of the OWASP API Security Top 10 (2023) tests: the API of tests/api on SQLite and
PostgreSQL (a team holding tokens; every status observed must be documented), the published
OpenAPI document, and a small world of real objects to aim requests at."""
from __future__ import annotations

import io

import pytest

from tests.builders import an_intake
from tests.http import CLAIMS
from tests.owasp.build import World
from tests.owasp.openapi import Operation, operations


@pytest.fixture
def doc(api) -> dict:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def ops(doc) -> list[Operation]:
    return list(operations(doc))


@pytest.fixture
def world(api, clock) -> World:
    team = api.team
    clock.current = clock.current.replace(month=10, day=5)
    closed = api.file_claim()["id"]
    api.take(closed)
    for path, body in (("/responses", {"message": "확인하겠습니다.", "channel": "phone"}),
                       ("/closure", {"resolution": "resolved", "summary": "쿠폰 지급"}),
                       ("/reopening", {"reason": "쿠폰 미발급"}),
                       ("/closure", {"resolution": "resolved", "summary": "쿠폰 재발급"})):
        clock.advance(days=1)
        response = api.post(f"{CLAIMS}/{closed}{path}", body, team.agent)
        assert response.status_code == 200, response.get_json()
    clock.current = clock.current.replace(month=11, day=20, hour=10, minute=0)
    response = api.post("/api/v1/jobs/surprise-delight/runs", {"month": "2026-10"}, team.scheduler)
    assert response.status_code == 201, response.get_json()
    claim = api.file_claim(**an_intake(summary="배송 지연"))["id"]
    api.take(claim)
    response = api.post(f"{CLAIMS}/{claim}/responses", {"message": "확인 중", "channel": "phone"},
                        team.agent)
    assert response.status_code == 200, response.get_json()
    bystander, _ = api.services.casemgmt.add_staff("퇴사예정", "agent", 0)
    response = api.post("/api/v1/webhooks", {"url": "https://8.8.8.8/casemgmt", "events": ["*"]},
                        team.admin)
    assert response.status_code == 201, response.get_json()
    return World(claim=claim, closed=closed, bystander=str(bystander.id),
                 attachments={claim_id: a_file_on(api, claim_id) for claim_id in (claim, closed)},
                 webhook=response.get_json()["id"])


def a_file_on(api, claim_id: str) -> str:
    """An evidence file on the claim (a closed claim takes files too), for file reads."""
    response = api.client.post(f"{CLAIMS}/{claim_id}/attachments", headers=api.team.agent.auth,
                               data={"file": (io.BytesIO("통화 메모".encode()), "memo.txt")},
                               content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["attachments"][-1]["id"]
