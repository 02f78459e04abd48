"""What Schemathesis found (tests/api/test_fuzzing.py, all checks, several seeds), pinned as
plain requests: each was a 500, a status the contract does not document, or a header the
document admitted and the service refused."""
from __future__ import annotations

import re

import pytest

from tests.builders import an_intake
from tests.http import CLAIMS
from tests.http import a_problem, writes_nothing

FEED = "/api/v1/audit/events"


def header_pattern(api, path: str, name: str) -> re.Pattern:
    operation = api.client.get("/openapi.json").get_json()["paths"][path]["post"]
    [schema] = [p["schema"] for p in operation["parameters"] if p["name"] == name]
    return re.compile(schema["pattern"])


def test_a_feed_position_beyond_64_bits_is_refused_not_a_server_error(api):
    response = api.get(f"{FEED}?after=10648479917130603690211672064", api.team.auditor)

    assert "after" in a_problem(response, 422)["errors"]


def test_the_largest_feed_position_is_answered(api):
    response = api.get(f"{FEED}?after={2**63 - 2}", api.team.auditor)

    assert response.status_code == 200 and response.get_json()["items"] == []


def test_a_method_an_operation_lacks_is_405_even_with_a_body(api):
    response = api.client.put("/api/v1/vendor/fact-checks/fc-1/attachments",
                              data=b"--x\r\n", content_type="multipart/form-data; boundary=x")

    a_problem(response, 405)


@pytest.mark.parametrize("if_match, accepted", [
    ('"3"', True), ('W/"3"', True), ("3", True), ("*", True),
    ('"0897977443906"', False),   # 13 digits: documented and refused alike
    ('"3", "4"', False), ("v3", False),
])
def test_if_match_is_refused_exactly_when_the_document_says_it_is_malformed(
        api, if_match, accepted):
    claim_id = api.file_claim()["id"]
    pattern = header_pattern(api, CLAIMS + "/{claim_id}/notes", "If-Match")

    response = api.post(f"{CLAIMS}/{claim_id}/notes", {"text": "메모"}, api.team.supervisor,
                        headers={"If-Match": if_match})

    assert bool(pattern.match(if_match)) is accepted
    assert (response.status_code != 400) is accepted, response.get_json()


@pytest.mark.parametrize("key, accepted", [
    ("7f8e2c1a-5b7d-4c1e-9a3f-0d2b6e4f8a11", True), ("order 77 retry", True),
    ("upload-휴업-1", True), ("tab\tkey", False), ("soft\xadhyphen", False), ("k" * 256, False),
])
def test_an_idempotency_key_is_refused_exactly_when_the_document_says_so(api, key, accepted):
    pattern = header_pattern(api, CLAIMS, "Idempotency-Key")

    response = api.post(CLAIMS, an_intake(), api.team.agent, headers={"Idempotency-Key": key})

    assert bool(pattern.match(key)) is accepted
    assert response.status_code == (201 if accepted else 400), response.get_json()


@pytest.mark.parametrize("path", [
    f"{CLAIMS}?assignee=%3Fa%00V&channel=email",      # what seed 2 sent (PostgreSQL: 500)
    "/api/v1/audit/access-log?customer_id=C-1%00",
    "/api/v1/staff/a%00b",
])
def test_a_nul_character_in_the_path_or_query_is_refused_not_a_server_error(api, path):
    response = api.get(path, api.team.supervisor)

    assert a_problem(response, 422, "nul-character")["errors"]


def test_a_customer_id_with_a_nul_character_is_refused_as_its_schema_says(api):
    spec = api.client.get("/openapi.json").get_json()["components"]["schemas"]["CustomerIn"]
    body = an_intake(customer={"id": "C-\u00001", "name": "김민수"})

    with writes_nothing(api):
        response = api.post(CLAIMS, body, api.team.agent)

    assert "customer.id" in a_problem(response, 422)["errors"]
    assert re.fullmatch(spec["properties"]["id"]["pattern"], "C-\u00001") is None
