"""Requests the HTTP server refuses before the service sees them (a request line too long, too
many headers, no HTTP at all) are answered as application/problem+json, as documented.

These refusals happen in gunicorn's parser, before any view or database call, so one real
`casemgmt serve` on SQLite, shared by the module, is enough.
"""
from __future__ import annotations

import socket

import pytest
import requests

from tests.api.live import running_server

LONG_QUERY = "x" * 10_000
SEARCHES = ["/api/v1/audit/events", "/api/v1/audit/access-log", "/api/v1/follow-ups/happy-calls"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("refusals")
    with running_server(f"sqlite:///{workdir}/casemgmt.db", workdir) as live:
        yield live


@pytest.fixture(scope="module")
def spec(server) -> dict:
    return requests.get(f"{server.url}/openapi.json", timeout=10).json()


@pytest.mark.parametrize("path", SEARCHES)
def test_a_ten_kilobyte_query_is_refused_as_documented_problem_json(server, spec, path):
    response = requests.get(f"{server.url}{path}?cursor={LONG_QUERY}", timeout=10)

    assert response.status_code == 414
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 414
    assert LONG_QUERY not in response.text  # the refused request line is not echoed back
    documented = spec["paths"][path]["get"]["responses"]["414"]
    assert "application/problem+json" in documented["content"]


def test_too_many_headers_are_refused_as_problem_json(server, spec):
    headers = {f"X-Extra-{n}": "1" for n in range(150)}

    response = requests.get(f"{server.url}/api/v1/claims", headers=headers, timeout=10)

    assert response.status_code == 431
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Request Header Fields Too Large"
    assert "431" in spec["paths"]["/api/v1/claims"]["get"]["responses"]


def test_a_request_that_is_not_http_is_refused_as_problem_json(server):
    host, port = server.url.removeprefix("http://").split(":")

    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(b"HELLO there\r\n\r\n")
        answer = _read_all(connection)

    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 ")
    assert b"Content-Type: application/problem+json" in head
    assert b'"status": 400' in body


def _read_all(connection: socket.socket) -> bytes:
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)
