"""Limits: a rate per token (429 with Retry-After, then recovery), bodies over 1 MiB refused
even without Content-Length, list pages capped at 500, every request string bounded."""
from __future__ import annotations

import io
import json

import pytest

from casemgmt.api.limits import EXTENSION, TokenBuckets
from tests.builders import an_intake
from tests.http import CLAIMS, Stopwatch, a_problem, writes_nothing

MiB = 1024 * 1024


@pytest.fixture
def stopwatch(api) -> Stopwatch:
    watch = Stopwatch()
    api.client.application.extensions[EXTENSION] = TokenBuckets(3, clock=watch)  # 3 a minute
    return watch


def test_a_token_past_its_rate_gets_429_with_retry_after_then_recovers(api, stopwatch):
    agent = api.team.agent
    assert [api.get(CLAIMS, agent).status_code for _ in range(3)] == [200, 200, 200]

    refused = api.get(CLAIMS, agent)

    body = a_problem(refused, 429, "rate-limited")
    assert refused.headers["Retry-After"] == "20"  # one request back every 60/3 seconds
    assert "20" in body["detail"]
    stopwatch.now += 19
    a_problem(api.get(CLAIMS, agent), 429)
    stopwatch.now += 1
    assert api.get(CLAIMS, agent).status_code == 200


def test_the_rate_is_counted_per_token_not_per_person_or_process(api, stopwatch):
    agent = api.team.agent
    spare, _ = api.services.casemgmt.issue_token(agent.id)
    for _ in range(3):
        api.get(CLAIMS, agent)

    assert api.get(CLAIMS, agent).status_code == 429
    assert api.get(CLAIMS, api.team.other_agent).status_code == 200
    assert api.get(CLAIMS, headers={"Authorization": f"Bearer {spare}"}).status_code == 200


def test_refused_and_forbidden_requests_spend_the_rate_too(api, stopwatch):
    auditor = api.team.auditor
    for _ in range(3):
        assert api.post(CLAIMS, an_intake(), auditor).status_code == 403

    a_problem(api.get(CLAIMS, auditor), 429)


def test_the_default_rate_is_600_a_minute_with_a_burst_of_600(api):
    buckets = api.client.application.extensions[EXTENSION]

    assert (buckets.rate * 60, buckets.capacity) == (600, 600)


def test_a_bucket_refills_at_the_rate_and_never_beyond_the_burst():
    watch = Stopwatch()
    buckets = TokenBuckets(60, burst=2, clock=watch)
    assert [buckets.take("t"), buckets.take("t")] == [0.0, 0.0]
    assert buckets.take("t") == pytest.approx(1.0)

    watch.now += 3600

    assert [buckets.take("t"), buckets.take("t")] == [0.0, 0.0]
    assert buckets.take("t") > 0


def test_every_operation_documents_429_as_problem_json_with_retry_after(api):
    paths = api.client.get("/openapi.json").get_json()["paths"]

    operations = [(path, method, op) for path, item in paths.items() if path.startswith("/api/v1")
                  for method, op in item.items() if method in ("get", "post")]

    assert len(operations) > 20
    for path, method, op in operations:
        answer = op["responses"].get("429")
        assert answer, (method, path)
        assert "application/problem+json" in answer["content"]
        assert "Retry-After" in answer["headers"]


def test_a_chunked_body_over_1_mib_without_content_length_is_refused(api):
    """What gunicorn hands over for Transfer-Encoding: chunked (wsgi.input_terminated)."""
    big = json.dumps(an_intake(description="x" * (MiB + 10))).encode()

    with writes_nothing(api):
        response = api.client.post(
            CLAIMS, input_stream=io.BytesIO(big), content_type="application/json",
            headers={**api.team.agent.auth, "Transfer-Encoding": "chunked"},
            environ_overrides={"wsgi.input_terminated": True})

    a_problem(response, 413)


def test_a_chunked_body_from_a_server_that_does_not_terminate_input_is_never_read(api):
    big = json.dumps(an_intake(description="x" * (MiB + 10))).encode()

    with writes_nothing(api):
        response = api.client.post(
            CLAIMS, input_stream=io.BytesIO(big), content_type="application/json",
            headers={**api.team.agent.auth, "Transfer-Encoding": "chunked"})

    assert response.status_code in (400, 422)  # read as an empty body


@pytest.mark.parametrize("path", [
    CLAIMS, "/api/v1/audit/events", "/api/v1/follow-ups/happy-calls", "/api/v1/audit/access-log"])
def test_no_list_gives_more_than_500_items_a_page(api, path):
    by = api.team.auditor

    assert api.get(f"{path}?limit=500", by).status_code == 200
    a_problem(api.get(f"{path}?limit=501", by), 422)


def test_every_list_operation_documents_its_limit_up_to_500(api):
    paths = api.client.get("/openapi.json").get_json()["paths"]

    limits = {(path, p["schema"].get("maximum")) for path, item in paths.items()
              for op in item.values() if isinstance(op, dict)
              for p in op.get("parameters", []) if p.get("name") == "limit"}

    assert len(limits) >= 4
    assert {maximum for _, maximum in limits} == {500}


def test_every_string_a_request_may_carry_has_a_maximum_length(api):
    spec = api.client.get("/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    unbounded = []

    def walk(schema: dict, where: str) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            walk(schemas[name], f"{where}<{name}>")
            return
        kind = schema.get("type")
        if kind == "string" and "maxLength" not in schema and "enum" not in schema \
                and schema.get("format") not in ("date-time", "date"):
            unbounded.append(where)
        for name, sub in schema.get("properties", {}).items():
            walk(sub, f"{where}.{name}")
        if "items" in schema:
            walk(schema["items"], f"{where}[]")

    for path, item in spec["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict):
                continue
            for parameter in op.get("parameters", []):
                if parameter.get("in") in ("query", "header"):
                    walk(parameter.get("schema", {}), f"{method} {path} ?{parameter['name']}")
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                walk(body["schema"], f"{method} {path} body")

    assert unbounded == []
