"""Logs people can use: a real server writes JSON lines with time (RFC 3339), level, logger and
message; one line per request with its id (X-Request-Id in and out), route template, staff
member, status and duration; and, with canaries sent every way a client can send them, no
name, phone, e-mail, free text, bearer token or Idempotency-Key in any line."""
from __future__ import annotations

import io
import logging
import re
import socket
from datetime import datetime

import pytest
import requests

from casemgmt.telemetry.logs import json_formatter
from tests.builders import an_intake
from tests.http import CLAIMS
from tests.api.live import SERVED_STORE, staff_add

from .served import log_lines, requests_logged, serving

NAME, PHONE, EMAIL = "카나리아정민호", "010-5151-6262", "canary.jung@example.com"
SUMMARY, DESCRIPTION = "카나리아요약문구", "카나리아상세설명입니다"
IDEMPOTENCY_KEY = "canary-idem-5151"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
SENT_ID = "0123456789abcdef-canary-trace"


def canary_intake(**customer) -> dict:
    return an_intake(summary=SUMMARY, description=DESCRIPTION, customer={
        "id": "C-5151", "name": NAME, "phone": PHONE, "email": EMAIL, "tier": "regular",
        **customer})


def send_everything(server, token: str) -> dict[str, requests.Response]:
    url, auth = server.url, {"Authorization": f"Bearer {token}"}
    post = {**auth, "Idempotency-Key": IDEMPOTENCY_KEY, "X-Request-Id": SENT_ID}
    return {
        "filed": requests.post(f"{url}{CLAIMS}", json=canary_intake(), headers=post, timeout=10),
        "refused": requests.post(f"{url}{CLAIMS}", json=canary_intake(phone=PHONE + "x"),
                                 headers=auth, timeout=10),
        "searched": requests.get(f"{url}{CLAIMS}", headers=auth, timeout=10,
                                 params={"customer_id": PHONE, "assignee": NAME}),
        "typed into the path": requests.get(f"{url}{CLAIMS}/{EMAIL}", headers=auth, timeout=10),
        "bad token": requests.get(f"{url}{CLAIMS}", timeout=10,
                                  headers={"Authorization": f"Bearer {token}{PHONE}"}),
        "insane id": requests.get(f"{url}/healthz", headers={"X-Request-Id": PHONE}, timeout=10),
        "long line": requests.get(f"{url}{CLAIMS}", params={"q": NAME * 2000}, timeout=10),
        "malformed line": raw_request(url, f"GET {CLAIMS}/{PHONE} {EMAIL} HTTP/1.1"),
    }


def raw_request(url: str, line: str) -> bytes:
    """What the server answers a request line no HTTP client would send."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(f"{line}\r\nHost: {host}\r\n\r\n".encode())
        return conn.recv(65536)


@pytest.mark.own_store(SERVED_STORE)
@pytest.mark.slow
@pytest.mark.timeout(120)
def test_a_served_process_logs_json_lines_with_request_ids_and_no_personal_data(
        database_url, tmp_path):
    agent = staff_add(database_url, "박지은", "agent", 30_000)

    with serving(database_url, tmp_path, "--workers", "2", "--no-scheduler") as server:
        answers = send_everything(server, agent["token"])
    lines, logged = log_lines(server), requests_logged(server)

    assert [answers[k].status_code for k in ("filed", "refused", "searched")] == [201, 422, 200]
    assert answers["malformed line"].startswith(b"HTTP/1.1 400 ")
    assert answers["filed"].headers["X-Request-Id"] == SENT_ID
    assert re.fullmatch(r"[0-9a-f]{32}", answers["insane id"].headers["X-Request-Id"])
    for line in lines:
        assert RFC3339.match(line["time"]) and line["level"] and line["logger"], line
    filing = next(line for line in logged if line["request_id"] == SENT_ID)
    assert filing["route"] == CLAIMS and filing["method"] == "POST"
    assert filing["status"] == 201 and filing["staff_id"] == agent["id"]
    assert filing["duration_ms"] > 0
    text = server.log.read_text(encoding="utf-8")
    for canary in (NAME, PHONE, EMAIL, SUMMARY, DESCRIPTION, IDEMPOTENCY_KEY, agent["token"],
                   "5151-6262", "canary.jung", "?q=", "customer_id="):
        assert canary not in text, canary


@pytest.mark.parametrize("offered, kept", [
    ("4bf92f3577b34da6a3ce929d0e0e4736", True),
    ("0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7", True),
    ("01JDJ0BZ3Q8T2F6V9XKC7M4N5P", True),
    ("010-1234-5678", False),
    ("kim@example.com-000000000000", False),
    ("x" * 129, False),
    ("김민수김민수김민수김민수김민수김민수", False),
])
def test_a_request_id_is_taken_only_when_sane_and_returned_on_every_answer(api, offered, kept):
    headers = {"X-Request-Id": offered.encode("utf-8").decode("latin-1")}

    answers = [api.get("/healthz", headers=headers), api.get(CLAIMS, headers=headers),
               api.get("/no/such/path", headers=headers), api.get("/sign-in", headers=headers)]

    ids = {answer.headers["X-Request-Id"] for answer in answers}
    if kept:
        assert ids == {offered}
    else:
        assert len(ids) == 4 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)


def formatted(record_factory) -> dict:
    import json

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    logger = logging.getLogger("casemgmt.test")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        record_factory(logger)
    finally:
        logger.removeHandler(handler)
    return json.loads(stream.getvalue())


def test_an_exception_is_logged_by_type_and_frames_never_by_its_message():
    def fail(logger):
        try:
            raise ValueError(f"cannot file for {NAME} at {PHONE}")
        except ValueError:
            logger.exception("unexpected error")

    line = formatted(fail)

    assert line["exception"] == "ValueError" and line["frames"]
    assert NAME not in str(line) and PHONE not in str(line)
    assert datetime.fromisoformat(line["time"].replace("Z", "+00:00")).tzinfo is not None


def test_a_query_string_quoted_by_a_library_is_cut():
    line = formatted(lambda logger: logger.warning(
        "Error handling request GET /api/v1/claims?customer_id=%s&x=1", PHONE))

    assert line["message"] == "Error handling request GET /api/v1/claims?…"
    assert line["level"] == "warning" and line["logger"] == "casemgmt.test"
