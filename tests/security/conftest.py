"""Fixtures of the security tests: two customers of the test's own, and the PII access log's
rows, as stored."""
from __future__ import annotations

import pytest

from tests.refs import a_customer_id

COLUMNS = ("staff_id", "staff_role", "method", "endpoint", "claim_id", "customer_id",
           "request_id")


@pytest.fixture
def access_rows(services):
    """The PII access log's rows written since the test began, oldest first, straight from
    the table."""
    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM pii_access_log")
        start = cur.fetchone()[0]

    def read(*, outcomes: bool = False) -> list[dict]:
        """`outcomes`: with each row's outcome ("shown" or "refused") too."""
        columns = (*COLUMNS, "outcome") if outcomes else COLUMNS
        with services.db.transaction(write=False) as cur:
            cur.execute(f"SELECT {', '.join(columns)} FROM pii_access_log WHERE id > %s"
                        " ORDER BY id", (start,))
            return [dict(zip(columns, row)) for row in cur.fetchall()]

    return read


@pytest.fixture
def kim() -> dict:
    """A regular customer of this test's own."""
    return {"id": a_customer_id("KIM"), "name": "김민수", "phone": "010-1234-5678",
            "email": "kim@example.com", "tier": "regular", "vulnerable": []}


@pytest.fixture
def lee() -> dict:
    """A senior VIP customer of this test's own, without an e-mail."""
    return {"id": a_customer_id("LEE"), "name": "이수진", "phone": "010-2222-3333", "email": None,
            "tier": "vip", "vulnerable": ["senior"]}
