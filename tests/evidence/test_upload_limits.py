"""The attachment cap (CASEMGMT_MAX_ATTACHMENT_MB, here 1 MB): a file over it is refused with
413 and nothing is stored, whether the body has a Content-Length or comes chunked; a file at
the cap is taken, though JSON bodies still stop at 1 MiB."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest

from tests.evidence.files import download, stored_file_rows, upload
from tests.http import CLAIMS, a_problem, writes_nothing

pytestmark = pytest.mark.own_store(
    "Whole-table checks (nothing stored, rows in the log or the views): a store of its own.")

MB = 1024 * 1024


@pytest.fixture
def settings(settings):
    return replace(settings, max_attachment_mb=1)


def test_a_file_at_the_cap_is_taken_though_a_json_body_that_size_is_not(api, claim):
    at_cap = b"a" * MB

    taken = upload(api, claim, at_cap, "통화메모.txt")
    note = api.post(f"{CLAIMS}/{claim}/notes", {"text": "a" * MB}, api.team.agent)

    assert taken.status_code == 201, taken.get_json()
    attachment = taken.get_json()["attachments"][0]
    assert download(api, claim, attachment["id"]).get_data() == at_cap
    a_problem(note, 413)


@pytest.mark.parametrize("size", [MB + 1, 3 * MB], ids=["a byte over", "far over"])
def test_a_file_over_the_cap_is_413_and_nothing_is_stored(api, claim, services, size):
    with writes_nothing(api, claim):
        response = upload(api, claim, b"a" * size, "큰파일.txt")

    a_problem(response, 413)
    assert stored_file_rows(services) == []


def test_a_chunked_upload_over_the_cap_without_content_length_is_413(api, claim, services):
    with writes_nothing(api, claim):
        response = chunked_upload(api, claim, b"a" * (3 * MB))

    a_problem(response, 413)
    assert stored_file_rows(services) == []


def test_a_chunked_upload_under_the_cap_is_taken_whole(api, claim):
    data = b"b" * (MB - 10)

    response = chunked_upload(api, claim, data)

    assert response.status_code == 201, response.get_json()
    attachment = response.get_json()["attachments"][0]
    assert download(api, claim, attachment["id"]).get_data() == data


def chunked_upload(api, claim: str, data: bytes):
    """What gunicorn hands over for Transfer-Encoding: chunked (wsgi.input_terminated)."""
    boundary = "----casemgmt-test"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"memo.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode() \
        + data + f"\r\n--{boundary}--\r\n".encode()
    return api.client.post(
        f"{CLAIMS}/{claim}/attachments", input_stream=io.BytesIO(body),
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={**api.team.agent.auth, "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True})
