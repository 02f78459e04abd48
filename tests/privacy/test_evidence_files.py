"""Evidence files are personal data like the rest (PIPA): sealed at rest, gone with erasure
and retention, and the other customers' files untouched.

The canary customer's claim gets a text file, a PNG whose text chunk carries a canary, and a
vendor's photo; another customer's claim gets a photo of its own. Then the database is read
as bytes (scan.py) on SQLite and PostgreSQL, with and without a master key.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

import pytest
from eventsourcing.cryptography import AESCipher

from casemgmt.application.clock import KST
from tests.http import CLAIMS
from tests.http import a_problem
from tests.evidence.files import (
    download, png, stored_file_rows, upload, vendor_get, vendor_upload,
)
from tests.privacy.scan import database_chunks, found
from tests.privacy.scenario import canary_intake

TEXT_CANARY = "ZQFILETEXT8842 통화 녹취 요약: 고객 주소 서울시"
PNG_CANARY = "ZQFILEPNG8842"
NAME_CANARY = "ZQFILENAME8842"
VENDOR_CANARY = "ZQVENDORPNG8842"
CANARIES = [TEXT_CANARY, PNG_CANARY, NAME_CANARY, VENDOR_CANARY]
KEPT_PHOTO = png("보존 고객 사진")


@pytest.fixture
def settings(settings):
    return replace(settings, token_ttl_days=3650)  # retention moves the clock years on


@dataclass
class Files:
    claim: str                 # C-CANARY's claim
    attachments: list[str]
    vendor_token: str
    kept_claim: str            # C-KEEP's claim
    kept_attachment: str


@pytest.fixture
def files(api) -> Files:
    team = api.team
    claim = api.file_claim(**canary_intake())["id"]
    api.take(claim)
    assert api.post(f"{CLAIMS}/{claim}/fact-checks", {
        "vendor": {"id": "M-9", "kind": "merchant"}, "question": "휴업일?"},
        team.agent).status_code == 201
    added = [created(upload(api, claim, TEXT_CANARY.encode(), f"{NAME_CANARY}.txt")),
             created(upload(api, claim, png(PNG_CANARY), "사진.png"))]
    link = api.post(f"{CLAIMS}/{claim}/fact-checks/fc-1/vendor-link", {}, team.agent).get_json()
    vendor = vendor_upload(api, link["token"], png(VENDOR_CANARY), "영수증.png")
    assert vendor.status_code == 201, vendor.get_json()
    kept = api.file_claim(customer={"id": "C-KEEP", "name": "박보존", "phone": "010-2222-3333",
                                    "tier": "vip", "vulnerable": []})["id"]
    api.take(kept)
    kept_attachment = created(upload(api, kept, KEPT_PHOTO))
    attachments = added + [vendor.get_json()["attachments"][0]["id"]]
    return Files(claim, attachments, link["token"], kept, kept_attachment)


@pytest.mark.parametrize("cipher_key", [None, AESCipher.create_key(32)],
                         ids=["no-master-key", "master-key"])
def test_no_file_content_or_name_lies_in_the_database(api, files, settings):
    chunks = database_chunks(settings)

    assert found(CANARIES, chunks) == {}
    assert found(["보존 고객 사진"], chunks) == {}


def test_erasure_makes_the_customers_files_gone_and_leaves_the_others(api, files, services):
    response = api.post("/api/v1/customers/C-CANARY/erasure", {"reason": "고객 요청"},
                        api.team.admin)
    assert response.status_code == 200, response.get_json()

    for attachment_id in files.attachments:
        a_problem(download(api, files.claim, attachment_id), 410, "erased")
    assert download(api, files.kept_claim, files.kept_attachment).get_data() == KEPT_PHOTO
    assert stored_file_rows(services) == [(files.kept_claim, files.kept_attachment)]
    a_problem(vendor_get(api, files.vendor_token), 401, "unauthenticated")
    a_problem(upload(api, files.claim, png("새 사진")), 410, "erased")


def test_after_erasure_the_claim_still_lists_its_files_by_hash_without_their_names(
        api, files):
    before = api.get(f"{CLAIMS}/{files.claim}", api.team.supervisor).get_json()["attachments"]
    api.post("/api/v1/customers/C-CANARY/erasure", {"reason": "고객 요청"}, api.team.admin)

    after = api.get(f"{CLAIMS}/{files.claim}", api.team.supervisor).get_json()["attachments"]
    history = api.get(f"{CLAIMS}/{files.claim}/history", api.team.auditor).get_json()

    assert [a["filename"] for a in after] == ["[erased]"] * 3
    assert [(a["id"], a["sha256"], a["size"]) for a in after] == [
        (a["id"], a["sha256"], a["size"]) for a in before]
    assert history["verified"] is True


def test_retention_destroys_a_closed_claims_files(api, files, clock):
    team = api.team
    for path, body in (("/responses", {"message": "안내", "channel": "phone"}),
                       ("/closure", {"resolution": "resolved"})):
        assert api.post(f"{CLAIMS}/{files.kept_claim}{path}", body, team.agent).status_code == 200
    clock.current = datetime(2030, 1, 2, 10, 0, tzinfo=KST)

    response = api.post("/api/v1/jobs/retention/runs", {}, team.scheduler)

    assert response.status_code == 201, response.get_json()
    assert files.kept_claim in response.get_json()["result"]["destroyed"]
    a_problem(download(api, files.kept_claim, files.kept_attachment), 410, "erased")
    assert download(api, files.claim, files.attachments[0]).get_data() == TEXT_CANARY.encode()


def created(response) -> str:
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["attachments"][-1]["id"]
