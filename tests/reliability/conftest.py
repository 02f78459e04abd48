"""Fixtures of the reliability tests: the API of tests/api (both backends, a team holding
tokens, every observed status checked against /openapi.json), and the access log as a reader
of GET /audit/access-log sees it."""
from __future__ import annotations

import pytest

ACCESS_LOG = "/api/v1/audit/access-log"


@pytest.fixture
def access_log(api):
    """Every row of the PII access log, oldest first, read through the API by an auditor."""

    def read() -> list[dict]:
        response = api.get(ACCESS_LOG, api.team.auditor, query_string={"limit": 500})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]

    return read
