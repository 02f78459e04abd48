"""Fixtures of the security tests: the API of tests/api (both backends, a team holding tokens,
every observed status checked against /openapi.json), and a look at the access log's rows."""
from __future__ import annotations

import pytest



@pytest.fixture
def access_rows(services):  # noqa: F811
    """The PII access log as stored, oldest first, straight from the table."""

    def read() -> list[dict]:
        with services.db.transaction(write=False) as cur:
            cur.execute("SELECT staff_id, staff_role, method, endpoint, claim_id, customer_id,"
                        " request_id FROM pii_access_log ORDER BY id")
            names = ("staff_id", "staff_role", "method", "endpoint", "claim_id", "customer_id",
                     "request_id")
            return [dict(zip(names, row)) for row in cur.fetchall()]

    return read
