"""Evidence on the claim page: files uploaded through the form and shown from the workspace's
own route (thumbnails, a player, downloads) with the PII access log written, refusals in Korean
next to the file field, vendor links made (shown once), revoked, and the vendor's own answer."""
from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import datetime
from urllib.parse import quote

import pytest

from casemgmt.application.clock import KST
from casemgmt.application.evidence import Upload
from tests.evidence.files import EXE, M4A, PDF, png, sha256, stored_file_rows
from tests.evidence.test_attachments import flip_one_byte
from tests.web.test_claim_pages import field_error

pytestmark = pytest.mark.own_store(
    "Nothing stored means no attachment row anywhere in the store: a store of their own, so no "
    "other test's files are counted.")

MB = 1024 * 1024
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
PHOTO = png("11월 15일 휴업 안내문", width=8, height=6)
THUMBNAIL = re.compile(r'<img class="file-preview" src="(/claims/[^"]+/attachments/[^"]+)" '
                       r'alt="사진 미리보기: ([^"]+)"')


@pytest.fixture
def settings(settings):
    return replace(settings, max_attachment_mb=1)


@pytest.fixture
def claim(workspace) -> str:
    """The agent's claim with fact check fc-1 to merchant M-9."""
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    workspace.services.casemgmt.request_fact_check(
        workspace.team.agent.actor, claim_id, vendor_id="M-9", vendor_kind="merchant",
        question="11월 15일에 휴업했나요?", due_at=datetime(2026, 11, 24, 18, tzinfo=KST))
    return claim_id


def a_file(data: bytes, name: str) -> tuple[bytes, str]:
    """A file field as the desk sends it."""
    return data, name


def added(workspace, claim_id: str, data: bytes, name: str, by=None) -> str:
    """A file added through the application (arrangement, not under test)."""
    claim = workspace.services.evidence.add_attachment(
        (by or workspace.team.agent).actor, claim_id, Upload(filename=name, data=data))
    return claim.attachments[-1].id


def test_an_agent_uploads_a_photo_and_the_page_shows_its_thumbnail_served_byte_for_byte(
        workspace, claim):
    desk = workspace.desk(workspace.team.agent)

    uploaded = desk.command(claim, "/attachments", {"file": a_file(PHOTO, "휴업안내문.png"),
                                                    "kind": "photo", "fact_check_id": "fc-1"})
    page = desk.get(uploaded.location)
    src, alt = THUMBNAIL.search(page.html).groups()
    served = desk.client.get(src)

    assert uploaded.status == 303 and "파일을 올렸습니다." in page.html
    [attachment] = workspace.claim(claim).attachments
    assert (attachment.sha256, attachment.kind, attachment.fact_check_id) == (
        sha256(PHOTO), "photo", "fc-1")
    assert src == f"/claims/{claim}/attachments/{attachment.id}" and alt == "휴업안내문.png"
    assert served.status_code == 200 and served.get_data() == PHOTO
    assert served.headers["Content-Type"] == "image/png"
    assert served.headers["Content-Disposition"].startswith("inline")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served.headers["ETag"] == f'"{sha256(PHOTO)}"'
    assert "증거 파일 추가" in page.html  # the timeline


def test_a_download_gives_the_bytes_as_an_attachment_and_writes_the_pii_access_log(
        workspace, claim, access_rows):
    attachment_id = added(workspace, claim, PDF, "내용증명.pdf")
    supervisor = workspace.team.supervisor
    desk = workspace.desk(supervisor)
    logged_before = len(access_rows())

    served = desk.client.get(f"/claims/{claim}/attachments/{attachment_id}")

    assert served.status_code == 200 and served.get_data() == PDF
    assert served.headers["Content-Type"] == "application/pdf"
    disposition = served.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.endswith(f"filename*=UTF-8''{quote('내용증명.pdf')}")
    assert served.headers["Cache-Control"] == "no-store"
    assert access_rows()[logged_before:] == [
        (supervisor.id, "supervisor", "GET", "/claims/{claim_id}/attachments/{attachment_id}",
         claim, "C-1001")]


def test_a_recording_gets_a_player_and_a_document_a_download_link(workspace, claim):
    recording = added(workspace, claim, M4A, "통화녹음.m4a")
    document = added(workspace, claim, PDF, "내용증명.pdf")

    page = workspace.desk(workspace.team.agent).get(f"/claims/{claim}")

    assert re.search(rf'<audio [^>]*controls[^>]*src="/claims/{claim}/attachments/{recording}"',
                     page.html)
    assert (f'href="/claims/{claim}/attachments/{document}?download=1" download>내려받기'
            '<span class="visually-hidden">: 내용증명.pdf</span>') in page.html
    assert f'src="/claims/{claim}/attachments/{document}"' not in page.html  # not drawn


def test_a_heic_photo_browsers_cannot_draw_gets_an_icon_and_a_download(workspace, claim):
    photo = added(workspace, claim, HEIC, "IMG_0412.HEIC")

    page = workspace.desk(workspace.team.agent).get(f"/claims/{claim}")

    card = re.search(rf'<li class="file" id="file-{photo}">(.*?)</li>', page.html, re.S).group(1)
    assert "file-icon.svg" in card and "<span>HEIC</span>" in card
    assert f'href="/claims/{claim}/attachments/{photo}?download=1" download>' in card
    assert "src=\"/claims/" not in card


def test_after_erasure_the_files_are_listed_but_gone_410(workspace, claim):
    attachment_id = added(workspace, claim, PHOTO, "휴업안내문.png")
    workspace.services.casemgmt.erase_customer("C-1001", "고객 요청", workspace.team.admin.actor)
    desk = workspace.desk(workspace.team.supervisor)

    page = desk.get(f"/claims/{claim}")
    served = desk.get(f"/claims/{claim}/attachments/{attachment_id}")

    assert page.status == 200 and "개인정보 파기로 파일은 지워졌습니다" in page.html
    assert f'src="/claims/{claim}/attachments/{attachment_id}"' not in page.html
    assert served.status == 410 and "파기되어" in served.html


def test_one_stored_byte_changed_is_refused_loudly_never_served(workspace, claim, services):
    attachment_id = added(workspace, claim, PHOTO, "휴업안내문.png")
    flip_one_byte(services, attachment_id)

    served = workspace.desk(workspace.team.agent).client.get(
        f"/claims/{claim}/attachments/{attachment_id}")

    assert served.status_code == 500 and PHOTO not in served.get_data()
    assert "무결성 검사를 통과하지 못해" in served.get_data(as_text=True)


def test_a_program_renamed_jpg_is_refused_415_next_to_the_file_field_and_nothing_is_stored(
        workspace, claim, services):
    desk = workspace.desk(workspace.team.agent)
    before = workspace.last_position()

    refused = desk.command(claim, "/attachments", {"file": a_file(EXE, "사진.jpg")})

    assert refused.status == 415
    assert "받을 수 없는 형식의 파일입니다" in field_error(refused.html, "attachments-file")
    assert workspace.last_position() == before and stored_file_rows(services) == []


@pytest.mark.parametrize("size", [MB + 1, 3 * MB], ids=["a byte over", "far over"])
def test_a_file_over_the_cap_is_refused_413_next_to_the_file_field_and_nothing_is_stored(
        workspace, claim, services, size):
    desk = workspace.desk(workspace.team.agent)
    before = workspace.last_position()

    refused = desk.command(claim, "/attachments", {"file": a_file(b"a" * size, "메모.txt")})

    assert refused.status == 413
    assert field_error(refused.html, "attachments-file") == (
        "오류: 파일이 너무 큽니다. 1MB 이하의 파일만 올릴 수 있습니다.")
    assert workspace.last_position() == before and stored_file_rows(services) == []


def test_an_upload_without_a_file_is_refused_next_to_the_file_field(workspace, claim):
    refused = workspace.desk(workspace.team.agent).command(claim, "/attachments", {"kind": "photo"})

    assert refused.status == 422
    assert field_error(refused.html, "attachments-file") == "오류: 올릴 파일을 고르세요."


def test_an_upload_read_before_someone_elses_change_is_refused_412(workspace, claim, services):
    desk = workspace.desk(workspace.team.agent)
    version = workspace.claim(claim).version
    workspace.services.casemgmt.add_note(workspace.team.agent.actor, claim, "다른 탭에서 남긴 메모")

    refused = desk.post(f"/claims/{claim}/attachments", {
        "file": a_file(PHOTO, "사진.png"), "version": str(version)})

    assert refused.status == 412 and "다른 사람이 이 클레임을 변경했습니다" in refused.html
    assert stored_file_rows(services) == []


def test_an_upload_without_the_csrf_token_is_refused_and_nothing_is_stored(
        workspace, claim, services):
    desk = workspace.desk(workspace.team.agent)
    version = str(workspace.claim(claim).version)

    refused = [desk.post(f"/claims/{claim}/attachments",
                         {"file": a_file(PHOTO, "사진.png"), "version": version}, csrf=token)
               for token in ("", "not-the-token")]

    assert [page.status for page in refused] == [403, 403]
    assert stored_file_rows(services) == [] and list(workspace.claim(claim).attachments) == []


def test_making_a_vendor_link_shows_it_once_with_its_expiry_and_reference_and_it_works(
        workspace, claim):
    desk = workspace.desk(workspace.team.agent)

    made = desk.command(claim, "/fact-checks/fc-1/vendor-link", {})
    url = html.unescape(re.search(r'id="issued-link-url" type="text" value="([^"]+)"',
                                  made.html).group(1))
    token = url.split("&t=")[1]
    vendor = desk.client.get("/api/v1/vendor/fact-checks/fc-1",
                             headers={"Authorization": f"Bearer {token}"})
    later = desk.get(f"/claims/{claim}")

    assert made.status == 200 and made.headers["Cache-Control"] == "no-store"
    assert url.startswith("http://localhost/vendor#f=fc-1&t=cmv_")
    [link] = workspace.claim(claim).vendor_links
    expiry = link.expires_at.astimezone(KST)
    assert f'<time datetime="{expiry.isoformat(timespec="seconds")}">' in made.html
    assert expiry.strftime("%Y-%m-%d") in made.html and "(한국 시간)" in made.html
    assert re.search(r"<code>CM-[A-Z2-7]{4}-[A-Z2-7]{4}</code>", made.html)
    assert vendor.status_code == 200 and vendor.get_json()["question"] == "11월 15일에 휴업했나요?"
    assert token not in later.html
    assert '<span class="badge link-active">사용 가능</span>' in later.html


def test_revoking_the_active_link_from_the_page_stops_it_at_once(workspace, claim):
    desk = workspace.desk(workspace.team.agent)
    made = desk.command(claim, "/fact-checks/fc-1/vendor-link", {})
    token = re.search(r"&amp;t=(cmv_[\w-]+)", made.html).group(1)
    offered = "링크 " + workspace.claim(claim).vendor_links[0].id + " 회수" in made.html

    revoked = desk.command(claim, "/fact-checks/fc-1/vendor-link/revocation", {})
    page = desk.get(revoked.location)
    vendor = desk.client.get("/api/v1/vendor/fact-checks/fc-1",
                             headers={"Authorization": f"Bearer {token}"})

    assert offered and revoked.status == 303
    assert "업체 링크를 회수했습니다." in page.html
    assert '<span class="badge link-revoked">회수됨</span>' in page.html
    assert "링크 회수\"" not in page.html and 'aria-label="링크' not in page.html
    assert vendor.status_code == 401


def test_the_vendors_own_answer_shows_as_theirs_with_its_files(workspace, claim):
    vendors = workspace.services.vendors
    _, link = vendors.issue_link(workspace.team.agent.actor, claim, "fc-1")
    session = vendors.authenticate(link.token, "fc-1")
    vendors.vendor_file(session, Upload(filename="영업일지.png", data=PHOTO))
    vendors.vendor_answer(session, "disputed", "15일은 정상 영업했습니다.")
    [photo] = workspace.claim(claim).attachments

    page = workspace.desk(workspace.team.agent).get(f"/claims/{claim}")

    answer = re.search(r'<article class="vendor-answer"(.*?)</article>', page.html, re.S).group(1)
    assert "업체 직접 답변 (M-9)" in answer and "15일은 정상 영업했습니다." in answer
    assert "이견 있음" in answer and "2026-11-20 (금) 10:00" in answer
    assert f'<a href="#file-{photo.id}">영업일지.png</a>' in answer
    assert f'id="file-{photo.id}"' in page.html
    assert '<span class="badge link-closed">사실 확인 종료</span>' in page.html
    timeline = page.html[page.html.index('id="timeline-title"'):]
    assert "업체 링크 발급" in timeline and "증거 파일 추가" in timeline
    assert "· 업체 M-9 ·" in timeline


def test_an_auditor_sees_the_files_but_no_upload_or_link_forms(workspace, claim):
    attachment_id = added(workspace, claim, PHOTO, "휴업안내문.png")
    workspace.services.vendors.issue_link(workspace.team.agent.actor, claim, "fc-1")
    auditor = workspace.desk(workspace.team.auditor)

    page = auditor.get(f"/claims/{claim}")
    served = auditor.client.get(f"/claims/{claim}/attachments/{attachment_id}")
    upload = auditor.post(f"/claims/{claim}/attachments", {"file": a_file(PHOTO, "x.png")})

    assert THUMBNAIL.search(page.html).group(2) == "휴업안내문.png"
    assert served.status_code == 200 and served.get_data() == PHOTO
    assert "/attachments\" enctype" not in page.html and "/vendor-link" not in page.html
    assert "사용 가능" in page.html  # the link's state, without its buttons
    assert upload.status == 403


def test_an_unknown_file_is_404_in_korean(workspace, claim):
    page = workspace.desk(workspace.team.agent).get(f"/claims/{claim}/attachments/no-such-file")

    assert page.status == 404 and "그런 파일이 없습니다" in page.html
