"""GET /claims/export.csv: UTF-8 with BOM, one row per claim, customers masked, streamed page
by page, each page in the PII access log before it is sent."""
from __future__ import annotations

import csv
import io

import pytest

from casemgmt.infrastructure.access_log import AccessQuery
from casemgmt.projections.claims_export import export_pages
from tests.http import CLAIMS

pytestmark = pytest.mark.own_store(
    "An export covers every claim received in its range: each test has a store of its own.")

EXPORT = f"{CLAIMS}/export.csv"


NOVEMBER = {"received_from": "2026-11-01T00:00:00+09:00",
            "received_to": "2026-12-01T00:00:00+09:00"}


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def a_decided_claim(api, clock) -> str:
    team = api.team
    claim_id = api.file_claim()["id"]
    api.take(claim_id)
    clock.advance(minutes=90)
    api.post(f"{CLAIMS}/{claim_id}/responses", {"message": "확인", "channel": "phone"}, team.agent)
    api.post(f"{CLAIMS}/{claim_id}/decisions",
             {"remedy": "coupon", "amount_krw": 10_000, "rationale": "사과"}, team.agent)
    clock.advance(hours=2)
    api.post(f"{CLAIMS}/{claim_id}/closure", {"resolution": "resolved", "summary": "쿠폰"},
             team.agent)
    api.post(f"{CLAIMS}/{claim_id}/satisfaction", {"score": 9, "via": "survey"}, team.agent)
    return claim_id


def test_the_export_is_csv_with_a_bom_for_excel_and_an_attachment_name(api, clock):
    a_decided_claim(api, clock)

    response = api.get(EXPORT, api.team.supervisor, query_string=NOVEMBER)

    assert response.status_code == 200
    assert response.is_streamed and "Content-Length" not in response.headers
    assert response.mimetype == "text/csv"
    assert response.get_data().startswith("\ufeff".encode("utf-8"))
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="claims-2026-11-01-2026-12-01.csv"')


def test_a_row_per_claim_with_times_minutes_decisions_and_satisfaction(api, clock):
    claim_id = a_decided_claim(api, clock)

    rows = rows_of(api.get(EXPORT, api.team.auditor, query_string=NOVEMBER))

    assert len(rows) == 1
    row = rows[0]
    assert (row["claim_id"], row["customer_id"], row["order_id"]) == (claim_id, "C-1001", "O-77")
    assert (row["channel"], row["category"], row["status"], row["resolution"]) == (
        "phone", "merchant_service", "closed", "resolved")
    assert (row["first_response_minutes"], row["resolution_minutes"]) == ("90", "210")
    assert (row["decisions"], row["approved_krw"], row["satisfaction_score"]) == (
        "coupon 10000 approved", "10000", "9")
    assert row["received_at"] == "2026-11-20T10:00:00+09:00"


def test_customers_are_masked_for_supervisors_too(api, clock):
    a_decided_claim(api, clock)

    row = rows_of(api.get(EXPORT, api.team.supervisor))[0]

    assert (row["customer_name"], row["customer_phone"], row["customer_email"]) == (
        "김*수", "010-****-5678", "k***@example.com")
    assert "김민수" not in api.get(EXPORT, api.team.supervisor).get_data().decode("utf-8")


def test_the_period_is_received_from_inclusive_to_exclusive(api, clock):
    inside = api.file_claim()["id"]
    clock.advance(days=20)
    api.file_claim()

    rows = rows_of(api.get(EXPORT, api.team.supervisor, query_string=NOVEMBER))

    assert [r["claim_id"] for r in rows] == [inside]


def test_a_text_excel_would_run_as_a_formula_stays_text(api):
    api.file_claim(order={"id": "=HYPERLINK(\"http://x\")", "merchant_id": "M", "amount_krw": 1})

    row = rows_of(api.get(EXPORT, api.team.supervisor))[0]

    assert row["order_id"] == "'=HYPERLINK(\"http://x\")"


def test_every_exported_claim_is_in_the_pii_access_log(api, clock):
    ids = {api.file_claim()["id"] for _ in range(3)}

    body = api.get(EXPORT, api.team.auditor).get_data()

    assert body
    rows = api.services.access_log.page(AccessQuery(staff_id=api.team.auditor.id), 100)
    assert {r["claim_id"] for r in rows if r["endpoint"] == EXPORT} == ids


def test_agents_may_not_export(api):
    assert api.get(EXPORT, api.team.agent).status_code == 403


def test_a_period_that_ends_before_it_starts_is_refused(api):
    response = api.get(EXPORT, api.team.supervisor, query_string={
        "received_from": NOVEMBER["received_to"], "received_to": NOVEMBER["received_from"]})

    assert response.status_code == 422


def test_pages_are_read_one_at_a_time(api, clock):
    for _ in range(5):
        api.file_claim()
        clock.advance(minutes=1)
    api.services.projections.catch_up()
    svc = api.services

    pages = export_pages(svc.db, svc.casemgmt.sealer, start=None, end=None, page_size=2)
    first = next(pages)
    late = api.file_claim()["id"]  # filed after the first page was read: it is in a later one
    svc.projections.catch_up()
    rest = [row["claim_id"] for page in pages for row in page]

    assert len(first) == 2 and len(rest) == 4 and rest[-1] == late
