"""Evidence files over HTTP on SQLite and PostgreSQL: uploaded as multipart, typed from their
bytes, sealed, recorded with their SHA-256, and downloaded exactly as uploaded — or not at all."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from casemgmt.application.errors import ConcurrentWrite
from tests.evidence.files import (
    EXE,
    JPEG,
    M4A,
    PDF,
    download,
    png,
    sha256,
    stored_file_rows,
    upload,
)
from tests.http import CLAIMS, a_problem, writes_nothing

pytestmark = pytest.mark.own_store(
    "Whole-table checks (nothing stored, rows in the log or the views): a store of its own.")

PHOTO = png("휴업 안내문 사진")


def test_a_photo_comes_back_byte_for_byte_with_safe_headers(api, claim):
    response = upload(api, claim, PHOTO, "매장 휴업 안내문.png", fact_check_id="fc-1")
    [attachment] = a_created(response)["attachments"]

    answer = download(api, claim, attachment["id"])

    assert answer.status_code == 200
    assert answer.get_data() == PHOTO
    assert answer.headers["Content-Type"] == "image/png"
    assert answer.headers["ETag"] == f'"{sha256(PHOTO)}"'
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Cache-Control"] == "private, no-store"
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('매장 휴업 안내문.png')}" in disposition


def test_the_claim_lists_the_file_with_the_sha256_of_its_bytes(api, claim):
    response = upload(api, claim, PHOTO, "안내문.png", fact_check_id="fc-1")

    [attachment] = a_created(response)["attachments"]
    assert {k: v for k, v in attachment.items() if k not in ("id", "uploaded_at")} == {
        "filename": "안내문.png", "media_type": "image/png", "size": len(PHOTO),
        "sha256": sha256(PHOTO), "kind": "photo", "fact_check_id": "fc-1",
        "escalation_id": None, "uploaded_by": api.team.agent.id}
    assert response.headers["ETag"] == f'"{response.get_json()["version"]}"'


def test_the_event_in_the_history_carries_the_files_sha256(api, claim):
    attachment = a_created(upload(api, claim, PDF, "영수증.pdf", kind="receipt"))["attachments"][0]

    history = api.get(f"{CLAIMS}/{claim}/history", api.team.auditor).get_json()

    added = [e for e in history["events"] if e["type"] == "AttachmentAdded"]
    assert len(added) == 1 and history["verified"] is True
    assert added[0]["actor"] == api.team.agent.id
    assert added[0]["data"]["sha256"] == sha256(PDF) == attachment["sha256"]
    assert (added[0]["data"]["attachment_id"], added[0]["data"]["kind"]) == (
        attachment["id"], "receipt")


@pytest.mark.parametrize("data, media_type, kind", [
    (JPEG, "image/jpeg", "photo"), (M4A, "audio/mp4", "recording"),
    (PDF, "application/pdf", "document"), ("통화 메모\n".encode(), "text/plain", "document"),
], ids=["jpeg", "m4a", "pdf", "text"])
def test_the_type_is_read_from_the_bytes_not_from_the_client(api, claim, data, media_type,
                                                             kind):
    response = upload(api, claim, data, "anything.bin", content_type="image/gif")

    [attachment] = a_created(response)["attachments"]
    assert (attachment["media_type"], attachment["kind"]) == (media_type, kind)


def test_a_program_named_jpg_is_refused_with_415_and_nothing_is_stored(api, claim, services):
    with writes_nothing(api, claim):
        response = upload(api, claim, EXE, "휴업사진.jpg", content_type="image/jpeg")

    a_problem(response, 415, "unsupported-file-type")
    assert stored_file_rows(services) == []


def test_json_instead_of_a_file_is_415_and_a_form_without_file_422(api, claim):
    with writes_nothing(api, claim):
        as_json = api.post(f"{CLAIMS}/{claim}/attachments", {"file": "x"}, api.team.agent)
        no_file = api.client.post(f"{CLAIMS}/{claim}/attachments", data={"kind": "photo"},
                                  content_type="multipart/form-data",
                                  headers=api.team.agent.auth)

    a_problem(as_json, 415)
    assert "file" in a_problem(no_file, 422)["errors"]


@pytest.mark.parametrize("fields, status, field", [
    ({"kind": "selfie"}, 422, "kind"),
    ({"fact_check_id": "x" * 65}, 422, "fact_check_id"),
    ({"note": "hello"}, 400, "note"),
])
def test_form_fields_are_checked_like_json_bodies(api, claim, fields, status, field):
    with writes_nothing(api, claim):
        response = upload(api, claim, PHOTO, **fields)

    assert field in a_problem(response, status)["errors"]


def test_a_file_for_a_fact_check_the_claim_lacks_is_404(api, claim):
    with writes_nothing(api, claim):
        response = upload(api, claim, PHOTO, fact_check_id="fc-9")

    a_problem(response, 404)


def test_only_the_assignee_or_a_supervisor_adds_and_the_scheduler_reads_no_file(api, claim):
    team = api.team
    with writes_nothing(api, claim):
        by_other = upload(api, claim, PHOTO, by=team.other_agent)
        by_auditor = upload(api, claim, PHOTO, by=team.auditor)
    attachment = a_created(upload(api, claim, PHOTO, by=team.supervisor))["attachments"][0]

    a_problem(by_other, 403)
    a_problem(by_auditor, 403, "role-not-allowed")
    assert download(api, claim, attachment["id"], team.auditor).get_data() == PHOTO
    a_problem(download(api, claim, attachment["id"], team.scheduler), 403, "role-not-allowed")
    a_problem(download(api, claim, "no-such-file"), 404)


def test_a_download_is_written_to_the_pii_access_log(api, claim):
    attachment = a_created(upload(api, claim, PHOTO))["attachments"][0]

    download(api, claim, attachment["id"], api.team.auditor)

    rows = api.get(f"/api/v1/audit/access-log?staff_id={api.team.auditor.id}",
                   api.team.admin).get_json()["items"]
    assert [(r["endpoint"], r["claim_id"], r["customer_id"]) for r in rows] == [
        ("/api/v1/claims/{claim_id}/attachments/{attachment_id}", claim, "C-1001")]


def test_one_stored_byte_changed_makes_the_download_fail_loudly(api, claim, services):
    attachment = a_created(upload(api, claim, PHOTO))["attachments"][0]
    flip_one_byte(services, attachment["id"])

    response = download(api, claim, attachment["id"])

    a_problem(response, 500, "file-integrity")
    assert PHOTO not in response.get_data()


def test_a_file_moved_under_another_attachment_is_not_served_as_it(api, claim, services):
    first = a_created(upload(api, claim, png("첫째")))["attachments"][0]["id"]
    second = a_created(upload(api, claim, png("둘째")))["attachments"][1]["id"]
    with services.db.transaction() as cur:
        cur.execute("UPDATE claim_files SET sealed = (SELECT sealed FROM claim_files"
                    " WHERE attachment_id = %s) WHERE attachment_id = %s", (first, second))

    a_problem(download(api, claim, second), 500, "file-integrity")


def test_the_same_idempotency_key_and_file_replays_even_with_a_new_boundary(api, claim,
                                                                            services):
    key = {"Idempotency-Key": "upload-휴업-1"}
    first = upload(api, claim, PHOTO, headers=key)
    position = api.last_position()

    again = upload(api, claim, PHOTO, headers=key)  # werkzeug draws a new boundary each time
    other = upload(api, claim, png("다른 사진"), headers=key)

    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["attachments"] == first.get_json()["attachments"]
    a_problem(other, 422, "idempotency-key-reused")
    assert api.last_position() == position and len(stored_file_rows(services)) == 1


def test_a_file_may_join_a_closed_claim_like_a_note(api, claim):
    team = api.team
    api.post(f"{CLAIMS}/{claim}/responses", {"message": "환불해 드렸습니다", "channel": "phone"},
             team.agent)
    assert api.post(f"{CLAIMS}/{claim}/closure", {"resolution": "resolved"},
                    team.agent).status_code == 200

    response = upload(api, claim, M4A, "해피콜 녹음.m4a")

    assert a_created(response)["status"] == "closed"


def a_created(response) -> dict:
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def flip_one_byte(services, attachment_id: str) -> None:
    with services.db.transaction() as cur:
        cur.execute("SELECT sealed FROM claim_files WHERE attachment_id = %s", (attachment_id,))
        sealed = bytearray(bytes(cur.fetchone()[0]))
        sealed[len(sealed) // 2] ^= 0x01
        cur.execute("UPDATE claim_files SET sealed = %s WHERE attachment_id = %s",
                    (bytes(sealed), attachment_id))


def test_a_file_may_belong_to_an_agency_track(api, claim):
    api.post(f"{CLAIMS}/{claim}/escalations", {"agency": "kca", "agency_reference": "KCA-2026-1",
                                                "received_at": "2026-11-20T09:00:00+09:00"},
             api.team.agent)

    response = upload(api, claim, PDF, "소비자원 사실조회서.pdf", escalation_id="e-1")

    [attachment] = a_created(response)["attachments"]
    assert (attachment["escalation_id"], attachment["kind"]) == ("e-1", "document")


def test_a_stale_version_or_a_lost_race_leaves_no_file_behind(api, claim, services,
                                                              monkeypatch):
    with writes_nothing(api, claim):
        stale = upload(api, claim, PHOTO, headers={"If-Match": '"1"'})

    def lost(*args, **kwargs):
        raise ConcurrentWrite("another writer won")

    monkeypatch.setattr(services.casemgmt, "save_atomically", lost)
    with writes_nothing(api, claim):
        raced = upload(api, claim, PHOTO)

    a_problem(stale, 412)
    a_problem(raced, 409)
    assert stored_file_rows(services) == []
