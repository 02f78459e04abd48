"""Staff endpoints (admins register, supervisors look up), the operations endpoints, the
published contract, and problem+json for routes and methods that do not exist."""
from __future__ import annotations

import json

import pytest

from tests.http import CLAIMS, a_problem, writes_nothing
from tests.refs import an_idempotency_key

STAFF = "/api/v1/staff"


def test_an_admin_registers_an_agent_whose_token_works_at_once(api):
    response = api.post(STAFF, {"name": "한지민", "role": "agent", "authority_limit": 50_000},
                        api.team.admin)

    assert response.status_code == 201, response.get_json()
    new = response.get_json()
    assert (new["name"], new["role"], new["authority_limit"]) == ("한지민", "agent", 50_000)
    assert new["token"].startswith("cm_")
    token = {"Authorization": f"Bearer {new['token']}"}
    assert api.get(CLAIMS, headers=token).status_code == 200


def test_admins_and_supervisors_look_staff_up_without_their_tokens(api):
    for reader in (api.team.admin, api.team.supervisor):
        response = api.get(f"{STAFF}/{api.team.agent.id}", reader)

        assert response.status_code == 200
        assert response.get_json() == {"id": api.team.agent.id, "name": "박지은", "role": "agent",
                                       "authority_limit": 30_000}


@pytest.mark.parametrize("staff_id", ["00000000-0000-0000-0000-000000000000", "nobody"])
def test_an_unknown_staff_member_is_not_found(api, staff_id):
    a_problem(api.get(f"{STAFF}/{staff_id}", api.team.admin), 404, "staff-not-found")


def test_only_admins_register_and_only_admins_and_supervisors_look_up(api):
    for member in (api.team.agent, api.team.supervisor, api.team.auditor, api.team.scheduler):
        with writes_nothing(api):
            response = api.post(STAFF, {"name": "몰래", "role": "admin"}, member)
        a_problem(response, 403, "role-not-allowed")
    for member in (api.team.agent, api.team.auditor, api.team.scheduler):
        a_problem(api.get(f"{STAFF}/{api.team.agent.id}", member), 403, "role-not-allowed")
    a_problem(api.post(STAFF, {"name": "몰래", "role": "admin"}), 401)
    a_problem(api.get(f"{STAFF}/{api.team.agent.id}"), 401)


@pytest.mark.parametrize("body, status, field", [
    (b'{"name": "x", "role":', 400, "_body"),
    (json.dumps({"name": "x", "role": "agent", "is_superuser": True}).encode(), 400,
     "is_superuser"),
    (json.dumps({"name": "x", "role": "ceo"}).encode(), 422, "role"),
    (json.dumps({"name": "", "role": "agent"}).encode(), 422, "name"),
    (json.dumps({"name": "x", "role": "agent", "authority_limit": -1}).encode(), 422,
     "authority_limit"),
    (json.dumps({"name": "감사", "role": "auditor", "authority_limit": 1_000}).encode(), 422,
     "authority_limit"),
], ids=["malformed", "unknown-field", "role", "name", "negative-limit", "auditor-limit"])
def test_a_bad_registration_is_refused_and_registers_no_one(api, body, status, field):
    with writes_nothing(api):
        response = api.post(STAFF, None, api.team.admin, data=body)

    problem = a_problem(response, status)
    assert field is None or field in problem["errors"]


def test_a_retried_registration_answers_the_same_member(api):
    key = {"Idempotency-Key": an_idempotency_key("hire")}
    body = {"name": "한지민", "role": "supervisor", "authority_limit": 1_000_000}
    first = api.post(STAFF, body, api.team.admin, headers=key)

    with writes_nothing(api):
        again = api.post(STAFF, body, api.team.admin, headers=key)

    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]


def test_healthz_answers_while_the_process_is_up(api):
    response = api.get("/healthz")

    assert (response.status_code, response.get_json()) == (200, {"status": "ok"})


def test_readyz_reports_the_database_and_the_views(api):
    api.file_claim()

    response = api.get("/readyz")

    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ready" and body["checks"]["database"]["ok"] is True


UNAUTHENTICATED_GETS = 'casemgmt_http_requests_total{method="GET",status="401"}'


def counted(text: str, series: str) -> int:
    """The value of one series in Prometheus text (0 while it has not appeared)."""
    values = [line.rsplit(" ", 1)[1] for line in text.splitlines() if line.startswith(series)]
    return int(float(values[0])) if values else 0


def test_metrics_count_requests_by_method_and_status_in_prometheus_text(api):
    before = counted(api.get("/metrics").get_data(as_text=True), UNAUTHENTICATED_GETS)
    api.get(CLAIMS)
    api.get(CLAIMS)

    response = api.get("/metrics")

    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "# TYPE casemgmt_http_requests_total counter" in text
    assert counted(text, UNAUTHENTICATED_GETS) == before + 2


def test_the_contract_is_published_as_openapi_and_browsable_at_docs(api):
    spec = api.get("/openapi.json").get_json()
    docs = api.get("/docs")

    assert spec["openapi"].startswith("3.") and spec["info"]["title"] == "casemgmt"
    assert f"{CLAIMS}/{{claim_id}}/decisions/{{decision_id}}/approval" in spec["paths"]
    assert docs.status_code == 200 and "swagger" in docs.get_data(as_text=True).lower()
    assert api.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_an_unknown_route_and_a_wrong_method_answer_problem_json(api):
    a_problem(api.get("/api/v1/complaints", api.team.supervisor), 404)
    wrong = a_problem(api.client.delete(f"{CLAIMS}/x", headers=api.team.admin.auth), 405)
    assert wrong["status"] == 405
