"""The PII access log: every response that shows a customer's personal data leaves a row per
claim shown — who, in which role, which claim and customer, which endpoint — and nothing else."""
from __future__ import annotations

from casemgmt.infrastructure.sql import COPY_FROM_ROWS
from tests.builders import a_member, an_intake
from tests.http import CLAIMS
from tests.refs import a_customer_id, an_idempotency_key


def a_claim_of(api, customer: dict) -> str:
    return api.file_claim(customer=customer)["id"]


def row(member, method: str, endpoint: str, claim_id: str, customer_id: str | None) -> dict:
    return {"staff_id": member.id, "staff_role": member.actor.role.value, "method": method,
            "endpoint": endpoint, "claim_id": claim_id, "customer_id": customer_id}


def without_request_ids(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "request_id"} for r in rows]


def test_filing_a_claim_records_who_saw_whose_data_through_which_endpoint(api, access_rows,
                                                                          kim):
    claim_id = a_claim_of(api, kim)

    assert without_request_ids(access_rows()) == [
        row(api.team.agent, "POST", "/api/v1/claims", claim_id, kim["id"])]


def test_reading_a_claim_records_the_route_template_not_the_url(api, access_rows, kim):
    claim_id = a_claim_of(api, kim)

    response = api.get(f"{CLAIMS}/{claim_id}?version=1", api.team.supervisor)

    assert response.status_code == 200
    assert without_request_ids(access_rows()[1:]) == [
        row(api.team.supervisor, "GET", "/api/v1/claims/{claim_id}", claim_id, kim["id"])]


def test_a_command_answered_with_the_claim_is_recorded(api, access_rows, kim):
    claim_id = a_claim_of(api, kim)
    api.take(claim_id)

    response = api.post(f"{CLAIMS}/{claim_id}/notes", {"text": "고객이 재방문 의사 없음"},
                        api.team.agent)

    assert response.status_code == 200
    assert without_request_ids(access_rows()[-1:]) == [
        row(api.team.agent, "POST", "/api/v1/claims/{claim_id}/notes", claim_id, kim["id"])]


def test_a_work_queue_page_records_one_row_per_claim_in_one_batch(api, access_rows, clock,
                                                                    kim, lee):
    holder = a_member(api.services.casemgmt, "한지민", "agent", 30_000)  # holds these two alone
    first = a_claim_of(api, kim)
    clock.advance(minutes=1)  # the queue is in order of receipt
    second = a_claim_of(api, lee)
    api.take(first, holder)
    api.take(second, holder)
    before = len(access_rows())

    response = api.get(f"{CLAIMS}?limit=10&customer_id={kim['id']}", api.team.supervisor)
    both = api.get(f"{CLAIMS}?limit=10&assignee={holder.id}", api.team.supervisor)

    assert response.status_code == both.status_code == 200
    rows = access_rows()[before:]
    assert without_request_ids(rows) == [
        row(api.team.supervisor, "GET", "/api/v1/claims", first, kim["id"]),
        row(api.team.supervisor, "GET", "/api/v1/claims", first, kim["id"]),
        row(api.team.supervisor, "GET", "/api/v1/claims", second, lee["id"]),
    ]
    assert rows[1]["request_id"] == rows[2]["request_id"] != rows[0]["request_id"]


def test_an_empty_page_records_nothing(api, access_rows, kim):
    a_claim_of(api, kim)

    response = api.get(f"{CLAIMS}?customer_id={a_customer_id('NOBODY')}", api.team.supervisor)

    assert response.status_code == 200 and response.get_json()["items"] == []
    assert len(access_rows()) == 1


def test_an_auditor_reading_a_history_is_recorded_although_names_are_masked(api, access_rows,
                                                                            kim):
    claim_id = a_claim_of(api, kim)

    response = api.get(f"{CLAIMS}/{claim_id}/history", api.team.auditor)

    assert response.status_code == 200
    assert without_request_ids(access_rows()[1:]) == [
        row(api.team.auditor, "GET", "/api/v1/claims/{claim_id}/history", claim_id, kim["id"])]


def test_the_audit_feed_records_each_claim_of_the_page_once(api, access_rows, kim, lee):
    position = api.last_position()
    first, second = a_claim_of(api, kim), a_claim_of(api, lee)
    api.take(first)

    response = api.get(f"/api/v1/audit/events?after={position}&limit=500", api.team.supervisor)

    assert response.status_code == 200
    assert len({item["claim_id"] for item in response.get_json()["items"]}) == 2
    logged = without_request_ids(access_rows()[-2:])
    assert sorted(logged, key=lambda r: r["claim_id"]) == sorted([
        row(api.team.supervisor, "GET", "/api/v1/audit/events", first, kim["id"]),
        row(api.team.supervisor, "GET", "/api/v1/audit/events", second, lee["id"]),
    ], key=lambda r: r["claim_id"])


def test_a_feed_page_of_many_claims_records_every_one_of_them_once(api, access_rows, kim):
    """Enough claims that PostgreSQL writes the page's rows by COPY rather than row by row."""
    position = api.last_position()
    claims = {a_claim_of(api, kim) for _ in range(COPY_FROM_ROWS + 5)}

    response = api.get(f"/api/v1/audit/events?after={position}&limit=500", api.team.supervisor)

    assert response.status_code == 200
    logged = without_request_ids(access_rows()[-len(claims):])
    assert sorted(logged, key=lambda r: r["claim_id"]) == sorted(
        [row(api.team.supervisor, "GET", "/api/v1/audit/events", claim, kim["id"])
         for claim in claims], key=lambda r: r["claim_id"])


def test_the_feed_names_each_claims_customer_without_waiting_for_the_views(
        api, services, access_rows, kim, lee, monkeypatch):
    """With the views behind (their runner elsewhere and not caught up), the log still names
    each claim's customer, from the data keys' rows the filing wrote, and the page does not
    wait for the views: a stalled runner must not stall the auditor or load every claim."""
    position = api.last_position()
    monkeypatch.setattr(services.projections, "background", True)  # nothing catches up here
    waits = []
    monkeypatch.setattr(services.projections, "wait_for",
                        lambda *args, **kwargs: waits.append(args) or False)
    first, second = a_claim_of(api, kim), a_claim_of(api, lee)
    assert not services.views.customer_ids([first, second])  # the work queue has neither

    response = api.get(f"/api/v1/audit/events?after={position}&limit=500", api.team.supervisor)

    assert response.status_code == 200
    assert {r["claim_id"]: r["customer_id"] for r in access_rows()[-2:]} == {
        first: kim["id"], second: lee["id"]}
    assert waits == []


def test_statistics_show_no_personal_data_and_record_nothing(api, access_rows, kim):
    a_claim_of(api, kim)

    response = api.get("/api/v1/stats/voc", api.team.supervisor)

    assert response.status_code == 200
    assert len(access_rows()) == 1


def test_a_refused_request_is_recorded_as_a_refusal_not_as_data_shown(api, access_rows, kim):
    claim_id = a_claim_of(api, kim)

    refused = api.post(f"{CLAIMS}/{claim_id}/closure", {"resolution": "resolved"},
                       api.team.other_agent)
    missing = api.get(f"{CLAIMS}/00000000-0000-0000-0000-000000000000", api.team.supervisor)

    assert (refused.status_code, missing.status_code) == (403, 404)
    # issue 15: refusals are logged too, as refusals
    assert [(r["staff_id"], r["outcome"]) for r in access_rows(outcomes=True)] == [
        (api.team.agent.id, "shown"), (api.team.other_agent.id, "refused"),
        (api.team.supervisor.id, "refused")]


def test_a_replayed_response_shows_the_claim_again_and_is_recorded_again(api, access_rows):
    key = {"Idempotency-Key": an_idempotency_key("intake-kim")}
    first = api.post(CLAIMS, an_intake(), api.team.agent, headers=key)

    again = api.post(CLAIMS, an_intake(), api.team.agent, headers=key)

    assert again.headers.get("Idempotent-Replayed") == "true"
    claim_id = first.get_json()["id"]
    assert without_request_ids(access_rows()) == 2 * [
        row(api.team.agent, "POST", "/api/v1/claims", claim_id, "C-1001")]


def test_the_log_holds_ids_and_no_personal_data(api, services, kim):
    claim_id = a_claim_of(api, kim)
    api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor)

    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT * FROM pii_access_log")
        stored = repr(cur.fetchall())

    assert claim_id in stored and kim["id"] in stored
    for personal in ("김민수", "010-1234-5678", "kim@example.com", "레스토랑"):
        assert personal not in stored
