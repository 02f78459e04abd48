"""Assertions on HTTP answers: the problem+json shape, and that a refused request wrote nothing."""
from __future__ import annotations

from contextlib import contextmanager

from tests.api.conftest import Api

PROBLEM_JSON = "application/problem+json"


def a_problem(response, status: int, type_: str | None = None) -> dict:
    """Assert an RFC 9457 problem with this status (and type, when given); return its body."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True))
    assert response.mimetype == PROBLEM_JSON
    body = response.get_json(force=True)
    assert {"type", "title", "status", "detail"} <= body.keys(), body
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    if type_ is not None:
        assert body["type"] == f"/problems/{type_}", body
    return body


@contextmanager
def writes_nothing(api: Api, claim_id: str | None = None):
    """The block's request leaves the event store as it was (and the claim at its version)."""
    position = api.last_position()
    version = api.version(claim_id) if claim_id else None
    yield
    assert api.last_position() == position, "a refused request stored an event"
    if claim_id:
        assert api.version(claim_id) == version
