"""The access log as the safety measures standard asks (안전성 확보조치 기준 §8 접속기록): each
row says from which address (behind a configured proxy, the client's), and refused attempts on
a claim or a customer are rows too, with outcome `refused`."""
from __future__ import annotations

from dataclasses import replace

import pytest

from casemgmt.api import create_app
from tests.http import CLAIMS, a_problem

pytestmark = pytest.mark.own_store(
    "The log is read oldest first, a page of 500: a store of its own keeps this test's rows on it.")

CLIENT, PROXY, SPOOFED = "203.0.113.7", "10.0.0.2", "6.6.6.6"
UNKNOWN_CLAIM = "6f1c7c1e-0000-4000-8000-000000000000"


def from_address(address: str, forwarded: str | None = None) -> dict:
    extra = {"headers": {"X-Forwarded-For": forwarded}} if forwarded else {}
    return {"environ_base": {"REMOTE_ADDR": address}, **extra}


def behind_proxies(api, count: int):
    """A second app on the same services, told that `count` proxies stand in front of it."""
    services = replace(api.services, settings=replace(api.services.settings,
                                                      trusted_proxies=count))
    return create_app(services=services).test_client()


def test_a_read_of_personal_data_records_the_clients_address(api, access_log):
    claim_id = api.file_claim()["id"]

    response = api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor, **from_address(CLIENT))

    assert response.status_code == 200
    row = access_log()[-1]
    assert (row["staff_id"], row["claim_id"], row["customer_id"]) == (
        api.team.supervisor.id, claim_id, "C-1001")
    assert (row["client_ip"], row["outcome"]) == (CLIENT, "shown")


def test_a_forwarded_address_is_believed_only_from_a_configured_proxy(api, access_log):
    claim_id = api.file_claim()["id"]
    path, auth = f"{CLAIMS}/{claim_id}", api.team.supervisor.auth
    api.get(path, api.team.supervisor, **from_address(PROXY, forwarded=CLIENT))
    proxied = behind_proxies(api, 1)

    proxied.get(path, headers={**auth, "X-Forwarded-For": CLIENT},
                environ_base={"REMOTE_ADDR": PROXY})
    proxied.get(path, headers={**auth, "X-Forwarded-For": f"{SPOOFED}, {CLIENT}"},
                environ_base={"REMOTE_ADDR": PROXY})

    assert [row["client_ip"] for row in access_log()[-3:]] == [PROXY, CLIENT, CLIENT]


def test_a_workspace_page_behind_a_proxy_records_the_clients_address(api, access_log):
    claim_id = api.file_claim()["id"]
    browser = behind_proxies(api, 1)
    forwarded = {"environ_base": {"REMOTE_ADDR": PROXY}, "headers": {"X-Forwarded-For": CLIENT}}
    page = browser.get("/sign-in", **forwarded).get_data(as_text=True)
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    signed_in = browser.post("/sign-in", data={"token": api.team.supervisor.token,
                                               "csrf_token": csrf}, **forwarded)
    assert signed_in.status_code == 303

    shown = browser.get(f"/claims/{claim_id}", **forwarded)

    assert shown.status_code == 200
    row = access_log()[-1]
    assert (row["claim_id"], row["client_ip"], row["outcome"]) == (claim_id, CLIENT, "shown")


def test_a_role_refused_a_command_leaves_a_refused_row(api, access_log):
    claim_id = api.file_claim()["id"]

    response = api.client.post(f"{CLAIMS}/{claim_id}/notes", json={"text": "감사인의 메모"},
                               headers=api.team.auditor.auth, **from_address(CLIENT))

    a_problem(response, 403, "role-not-allowed")
    row = access_log()[-1]
    assert {k: row[k] for k in ("staff_id", "staff_role", "method", "endpoint", "claim_id",
                                "customer_id", "client_ip", "outcome")} == {
        "staff_id": api.team.auditor.id, "staff_role": "auditor", "method": "POST",
        "endpoint": "/api/v1/claims/{claim_id}/notes", "claim_id": claim_id,
        "customer_id": "C-1001", "client_ip": CLIENT, "outcome": "refused"}


def test_an_agent_refused_another_agents_claim_leaves_a_refused_row(api, access_log):
    claim_id = api.file_claim()["id"]
    api.take(claim_id)

    response = api.post(f"{CLAIMS}/{claim_id}/responses", {"message": "안내", "channel": "phone"},
                        api.team.other_agent)

    assert response.status_code == 403
    row = access_log()[-1]
    assert (row["staff_id"], row["claim_id"], row["customer_id"], row["outcome"]) == (
        api.team.other_agent.id, claim_id, "C-1001", "refused")


def test_a_claim_that_does_not_exist_is_a_refused_row_naming_the_id_asked_for(api, access_log):
    response = api.get(f"{CLAIMS}/{UNKNOWN_CLAIM}", api.team.agent)

    assert response.status_code == 404
    row = access_log()[-1]
    assert (row["staff_id"], row["endpoint"], row["claim_id"], row["customer_id"],
            row["outcome"]) == (api.team.agent.id, "/api/v1/claims/{claim_id}", UNKNOWN_CLAIM,
                                None, "refused")


def test_a_refused_erasure_is_a_row_about_the_customer(api, access_log):
    api.file_claim()

    response = api.post("/api/v1/customers/C-1001/erasure", {"reason": "요청"}, api.team.agent)

    assert response.status_code == 403
    row = access_log()[-1]
    assert (row["endpoint"], row["claim_id"], row["customer_id"], row["outcome"]) == (
        "/api/v1/customers/{customer_id}/erasure", "*", "C-1001", "refused")


def test_requests_without_a_valid_token_and_other_refusals_leave_no_row(api, access_log):
    claim_id = api.file_claim()["id"]
    rows = len(access_log())

    api.get(f"{CLAIMS}/{claim_id}")                                   # 401: nobody to name
    api.get(f"{CLAIMS}/{claim_id}", headers={"Authorization": "Bearer cm_wrong"})
    api.get("/api/v1/staff/nobody/authority", api.team.supervisor)    # not personal data

    assert len(access_log()) == rows  # reading the log is not logged either: ids only
