"""OWASP API8:2023 Security Misconfiguration — errors say what went wrong, never how the
service is built: no stack trace, no SQL, no library or table names, no exception text, even
when the failure is deep inside; unknown paths (404) and wrong methods (405) answer
problem+json like every other error; the app does not run in debug mode; no CORS grant; and
the browsable /docs loads its assets from this service, not from a CDN.
"""
from __future__ import annotations

import re
import sqlite3

import pytest
from eventsourcing.persistence import OperationalError

from tests.http import CLAIMS, a_problem

LEAKS = ("Traceback", 'File "', "SELECT", "INSERT", "FROM ", "sqlite", "psycopg", "casemgmt_events",
         "work_queue", "RuntimeError", "OperationalError", "eventsourcing", ".py", "secret-detail")
SQL_MESSAGE = ('syntax error at or near "FROM": SELECT state FROM casemgmt_events WHERE '
               "originator_id = 'secret-detail'")


def no_leak(response) -> None:
    text = response.get_data(as_text=True)
    leaked = [marker for marker in LEAKS if marker in text]
    assert not leaked, f"{leaked} in {text}"


@pytest.mark.parametrize("error", [
    RuntimeError(f"Traceback (most recent call last): {SQL_MESSAGE}"),
    sqlite3.OperationalError(SQL_MESSAGE),
    OperationalError(SQL_MESSAGE),
], ids=["unexpected", "sqlite-error", "database-unavailable"])
def test_an_error_deep_inside_answers_a_bare_problem(api, world, monkeypatch, error):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(api.services.casemgmt, "get_claim", broken)

    response = api.get(f"{CLAIMS}/{world.claim}", api.team.supervisor)

    assert response.status_code in (500, 503)
    a_problem(response, response.status_code)
    no_leak(response)
    if response.status_code == 500:
        # Provoked on purpose: an unexpected failure is not a documented answer of any operation.
        api.observed.discard(("get", "/api/v1/claims/{claim_id}", 500))


def test_validation_and_domain_errors_name_fields_and_rules_not_internals(api, world):
    answers = [
        api.post(CLAIMS, {"channel": "pigeon"}, api.team.agent),
        api.post(CLAIMS, data="{not json", by=api.team.agent),
        api.post(f"{CLAIMS}/{world.claim}/reopening", {"reason": "재개"}, api.team.agent),
        api.get(f"{CLAIMS}/00000000-0000-0000-0000-000000000000", api.team.agent),
        api.get(f"{CLAIMS}?cursor=bm90LWEtY3Vyc29y", api.team.agent),
    ]
    for response in answers:
        assert response.status_code in (400, 404, 409, 422), response.get_json()
        a_problem(response, response.status_code)
        no_leak(response)


def test_unknown_paths_and_wrong_methods_answer_problem_json(api, world):
    for path in ("/api/v1/nothing-here", "/nothing-here", f"{CLAIMS}/{world.claim}/nothing"):
        a_problem(api.get(path, api.team.supervisor), 404)
    wrong = api.client.delete(f"{CLAIMS}/{world.claim}", headers=api.team.supervisor.auth)
    a_problem(wrong, 405)
    assert set(wrong.headers["Allow"].split(", ")) >= {"GET"}
    a_problem(api.client.put("/healthz"), 405)


def test_no_debug_mode_and_no_cross_origin_grant(api, world):
    app = api.client.application
    assert app.debug is False
    preflight = api.client.options(f"{CLAIMS}/{world.claim}", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    read = api.get(f"{CLAIMS}/{world.claim}", api.team.supervisor,
                   headers={"Origin": "https://evil.example"})
    for response in (preflight, read):
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "Access-Control-Allow-Credentials" not in response.headers
    # Flask answers OPTIONS itself (an Allow header, no body): not an operation to document.
    api.observed.discard(("options", "/api/v1/claims/{claim_id}", preflight.status_code))


def test_the_docs_page_loads_its_assets_from_this_service(api):
    page = api.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert sources, html
    assert not [s for s in sources if "//" in s], f"assets from elsewhere: {sources}"
    assert not re.search(r"https?://", html), "the page names an outside address"
    for source in sources:
        asset = api.get(source)
        assert asset.status_code == 200, source
        assert asset.content_length or asset.get_data(), source
