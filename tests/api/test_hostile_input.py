"""Input no honest client sends still gets a 4xx problem, never a 500, and writes nothing:
times at the edges of the calendar, JSON nested without end, text that is not Unicode."""
from __future__ import annotations

import json

import pytest

from tests.api.commands import COMMAND, escalated, responded
from tests.builders import an_intake
from tests.http import CLAIMS, a_problem, writes_nothing
from tests.refs import an_idempotency_key

# Year 1 east of UTC and year 9999 west of it exist as written but not in Seoul time.
EDGES = ["0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-12:00"]


@pytest.mark.parametrize("moment", EDGES)
def test_a_time_at_the_edge_of_the_calendar_is_a_broken_rule_and_files_nothing(api, moment):
    with writes_nothing(api):
        response = api.post(CLAIMS, an_intake(received_at=moment), api.team.agent)

    assert "received_at" in a_problem(response, 422)["errors"]
    assert api.post(CLAIMS, an_intake(), api.team.agent).status_code == 201


@pytest.mark.parametrize("name, arrange, body, field", [
    ("fact-checks", responded, {"vendor": {"id": "M-9", "kind": "merchant"}, "question": "?"},
     "due_at"),
    ("escalations", responded, {"agency": "kca", "agency_reference": "KCA-9"}, "received_at"),
    ("escalation stage", escalated, {"stage": "settlement_recommended"}, "at"),
])
def test_a_command_with_a_time_at_the_edge_of_the_calendar_writes_nothing(api, name, arrange,
                                                                         body, field):
    claim_id = arrange(api.services.casemgmt, api.team)

    for moment in EDGES:
        with writes_nothing(api, claim_id):
            response = api.post(COMMAND[name].url(claim_id), {**body, field: moment},
                                api.team.agent)

        assert field in a_problem(response, 422)["errors"]


@pytest.mark.parametrize("query", ["as_of", "received_from", "received_to"])
def test_reading_at_a_time_at_the_edge_of_the_calendar_is_refused(api, query):
    claim_id = api.file_claim()["id"]
    path = f"{CLAIMS}/{claim_id}" if query == "as_of" else CLAIMS

    for moment in EDGES:
        response = api.get(path, api.team.supervisor, query_string={query: moment})

        assert query in a_problem(response, 422)["errors"]


@pytest.mark.parametrize("raw", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"text": ' + b'{"a": ' * 5_000 + b"1" + b"}" * 5_000 + b"}",
    b'{"text": ' + b"[" * 40 + b"]" * 40 + b"}",
], ids=["arrays-100000-deep", "objects-5000-deep", "arrays-40-deep"])
def test_json_nested_deeper_than_any_body_needs_is_a_bad_request(api, raw):
    claim_id = api.take(api.file_claim()["id"])["id"]

    for key in ({}, {"Idempotency-Key": an_idempotency_key("deep")}):
        with writes_nothing(api, claim_id):
            response = api.post(f"{CLAIMS}/{claim_id}/notes", None, api.team.agent, data=raw,
                                headers=key)

        a_problem(response, 400, "malformed-json")


@pytest.mark.parametrize("text", ["\\ud800", "깨진 \\udc00 글자", "\\udbff\\u0041"])
def test_text_with_a_lone_surrogate_is_not_unicode_and_is_a_bad_request(api, text):
    claim_id = api.take(api.file_claim()["id"])["id"]
    raw = ('{"text": "%s"}' % text).encode()

    with writes_nothing(api, claim_id):
        response = api.post(f"{CLAIMS}/{claim_id}/notes", None, api.team.agent, data=raw)

    a_problem(response, 400, "malformed-json")


def test_escaped_pairs_and_nul_characters_are_text_like_any_other(api):
    claim_id = api.take(api.file_claim()["id"])["id"]
    raw = json.dumps({"text": "웃음 😀 and a\u0000b"}, ensure_ascii=True).encode()

    response = api.post(f"{CLAIMS}/{claim_id}/notes", None, api.team.agent, data=raw)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["notes"][-1]["text"] == "웃음 😀 and a\u0000b"


@pytest.mark.parametrize("path, query, reader", [
    ("/api/v1/stats/voc", "from", "supervisor"), ("/api/v1/stats/voc", "to", "supervisor"),
    ("/api/v1/follow-ups/happy-calls", "due_before", "supervisor"),
    ("/api/v1/audit/access-log", "from", "auditor"), ("/api/v1/audit/access-log", "to", "auditor"),
])
def test_other_reads_at_a_time_at_the_edge_of_the_calendar_are_refused(api, path, query, reader):
    api.file_claim()

    for moment in EDGES:
        response = api.get(path, getattr(api.team, reader), query_string={query: moment})

        assert a_problem(response, 422)["errors"], moment


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x"])
def test_a_body_that_is_not_sent_as_json_is_an_unsupported_media_type(api, content_type):
    claim_id = api.take(api.file_claim()["id"])["id"]

    with writes_nothing(api, claim_id):
        response = api.client.post(f"{CLAIMS}/{claim_id}/notes", data='{"text": "메모"}',
                                   content_type=content_type, headers=api.team.agent.auth)

    a_problem(response, 415)
