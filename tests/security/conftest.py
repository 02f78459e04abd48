"""Fixtures of the security tests: the PII access log's rows, as stored."""
from __future__ import annotations

import pytest

COLUMNS = ("staff_id", "staff_role", "method", "endpoint", "claim_id", "customer_id",
           "request_id")


@pytest.fixture
def access_rows(services):
    """The PII access log's rows written since the test began, oldest first, straight from
    the table."""
    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM pii_access_log")
        start = cur.fetchone()[0]

    def read() -> list[dict]:
        with services.db.transaction(write=False) as cur:
            cur.execute(f"SELECT {', '.join(COLUMNS)} FROM pii_access_log WHERE id > %s"
                        " ORDER BY id", (start,))
            return [dict(zip(COLUMNS, row)) for row in cur.fetchall()]

    return read
