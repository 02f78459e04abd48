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
        return api.items(ACCESS_LOG, api.team.auditor, limit=500)

    return read
