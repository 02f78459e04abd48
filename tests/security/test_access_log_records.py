"""The PII access log as a record: the database refuses to change or delete its rows on both
backends, and auditors and admins (no one else) read it back by customer, staff and time.

Each test reads back the rows of its own customers (or of a staff member of its own)."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest

from tests.builders import a_member
from tests.http import CLAIMS, a_problem
from tests.security.test_pii_access_log import a_claim_of

ACCESS_LOG = "/api/v1/audit/access-log"


@pytest.mark.parametrize("statement", [
    "UPDATE pii_access_log SET staff_id = 'someone-else'",
    "UPDATE pii_access_log SET customer_id = NULL WHERE customer_id = '{kim}'",
    "DELETE FROM pii_access_log",
    "DELETE FROM pii_access_log WHERE customer_id = '{kim}'",
])
def test_the_database_refuses_to_change_or_delete_a_row(api, services, access_rows, statement,
                                                        kim):
    a_claim_of(api, kim)
    before = access_rows()

    with pytest.raises(Exception, match="append-only"):
        with services.db.transaction() as cur:
            cur.execute(statement.format(kim=kim["id"]))

    assert access_rows() == before and before


def test_postgresql_refuses_to_truncate_the_log_too(api, services, access_rows, backend, kim):
    a_claim_of(api, kim)
    statement = "TRUNCATE pii_access_log" if backend == "postgres" else "DELETE FROM pii_access_log"

    with pytest.raises(Exception, match="append-only"):
        with services.db.transaction() as cur:
            cur.execute(statement)

    assert len(access_rows()) == 1


def test_appending_still_works_after_a_refused_change(api, services, access_rows, kim):
    claim_id = a_claim_of(api, kim)
    with pytest.raises(Exception, match="append-only"):
        with services.db.transaction() as cur:
            cur.execute("DELETE FROM pii_access_log")

    api.get(f"{CLAIMS}/{claim_id}", api.team.supervisor)

    assert len(access_rows()) == 2


@pytest.mark.parametrize("who", ["auditor", "admin"])
def test_auditors_and_admins_read_the_log(api, who, kim):
    claim_id = a_claim_of(api, kim)

    response = api.get(f"{ACCESS_LOG}?customer_id={kim['id']}", getattr(api.team, who))

    assert response.status_code == 200
    [entry] = response.get_json()["items"]
    assert {k: entry[k] for k in ("staff_id", "staff_role", "method", "endpoint", "claim_id",
                                  "customer_id")} == {
        "staff_id": api.team.agent.id, "staff_role": "agent", "method": "POST",
        "endpoint": "/api/v1/claims", "claim_id": claim_id, "customer_id": kim["id"]}
    assert entry["accessed_at"] == "2026-11-20T10:00:00+09:00"
    assert response.get_json()["next_cursor"] is None


@pytest.mark.parametrize("who", ["agent", "supervisor", "scheduler"])
def test_no_one_else_reads_the_log(api, who):
    response = api.get(ACCESS_LOG, getattr(api.team, who))

    a_problem(response, 403, "role-not-allowed")


def test_reading_the_log_needs_a_token(api):
    a_problem(api.get(ACCESS_LOG), 401)


def test_the_log_is_read_by_customer_and_by_staff_member(api, kim, lee):
    reader = a_member(api.services.casemgmt, "윤서연", "supervisor", 500_000)  # reads these alone
    kims, lees = a_claim_of(api, kim), a_claim_of(api, lee)
    api.get(f"{CLAIMS}/{lees}", reader)

    by_customer = api.get(f"{ACCESS_LOG}?customer_id={lee['id']}", api.team.auditor).get_json()
    by_staff = api.get(f"{ACCESS_LOG}?staff_id={reader.id}", api.team.auditor).get_json()

    assert [(e["claim_id"], e["staff_role"]) for e in by_customer["items"]] == [
        (lees, "agent"), (lees, "supervisor")]
    assert [e["claim_id"] for e in by_staff["items"]] == [lees]
    assert kims not in {e["claim_id"] for e in by_customer["items"]}


def test_the_log_is_read_by_time_from_inclusive_to_exclusive(api, clock, kim, lee):
    agent = a_member(api.services.casemgmt, "한지민", "agent", 30_000)  # files these alone
    first = api.file_claim(agent, customer=kim)["id"]
    start = clock.now()
    clock.advance(hours=1)
    second = api.file_claim(agent, customer=lee)["id"]
    clock.advance(hours=1)
    api.get(f"{CLAIMS}/{first}", agent)

    window = (f"{ACCESS_LOG}?staff_id={agent.id}&from={quote(start.isoformat())}"
              f"&to={quote((start + timedelta(hours=1, seconds=1)).isoformat())}")
    response = api.get(window, api.team.auditor)

    assert [e["claim_id"] for e in response.get_json()["items"]] == [first, second]


def test_the_log_is_read_a_page_at_a_time(api, kim):
    claims = [a_claim_of(api, kim) for _ in range(5)]

    seen, cursor, pages = [], None, 0
    while True:
        query = f"?customer_id={kim['id']}&limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = api.get(ACCESS_LOG + query, api.team.auditor).get_json()
        seen += [e["claim_id"] for e in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break

    assert seen == claims and pages == 3


@pytest.mark.parametrize("query, status", [
    ("?cursor=abc", 400), ("?cursor=%C2%B2", 400), ("?limit=0", 422), ("?limit=501", 422),
    ("?from=2026-11-20T10:00:00", 422),
    ("?from=2026-11-21T00:00:00%2B09:00&to=2026-11-20T00:00:00%2B09:00", 422),
    ("?customer_id=" + "x" * 201, 422),
])
def test_a_bad_query_is_a_problem(api, query, status):
    response = api.get(ACCESS_LOG + query, api.team.auditor)

    a_problem(response, status)


def test_reading_the_log_is_not_itself_logged_it_shows_ids_only(api, access_rows, kim):
    a_claim_of(api, kim)

    api.get(f"{ACCESS_LOG}?customer_id={kim['id']}", api.team.auditor)

    assert len(access_rows()) == 1


def test_the_log_operation_is_documented_with_its_roles_and_problems(api):
    spec = api.client.get("/openapi.json").get_json()

    operation = spec["paths"][ACCESS_LOG]["get"]

    assert operation["x-roles"] == ["auditor", "admin"]
    assert {"200", "400", "401", "403", "422", "429"} <= set(operation["responses"])
    assert {p["name"] for p in operation["parameters"]} >= {
        "customer_id", "staff_id", "from", "to", "limit", "cursor"}
