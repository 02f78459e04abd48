"""The vendor opens the link on a phone-sized screen in real headless Chromium, answers with a
photo, and the claim (read by the agent over the API) shows the answer as the vendor's, with
the photo byte for byte. Chromium missing fails the test: it never skips."""
from __future__ import annotations

import os

import pytest
import requests

from tests.http import CLAIMS
from tests.api.live import running_server
from tests.evidence.files import png, sha256
from tests.evidence.live_flow import QUESTION, a_vendor_link, an_agent

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]
CHROMIUM = os.environ.get("CASEMGMT_TEST_CHROMIUM", "/usr/bin/chromium")
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True, "locale": "ko-KR",
         "timezone_id": "Asia/Seoul"}
PHOTO = png("11월 15일 휴업 안내문", width=40, height=30)


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (set CASEMGMT_TEST_CHROMIUM)",
                    pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(**PHONE)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def test_a_vendor_answers_with_a_photo_from_a_phone(database_url, tmp_path, phone):
    complaints: list[str] = []
    phone.on("console", lambda m: complaints.append(m.text) if m.type == "error" else None)
    phone.on("pageerror", lambda error: complaints.append(str(error)))
    auth = an_agent(database_url)

    with running_server(database_url, tmp_path) as server:
        link = a_vendor_link(server, auth)
        phone.goto(link.url)
        phone.wait_for_selector("#question:visible")
        shown = {name: phone.inner_text(f"#{name}") for name in ("question", "order-id",
                                                                  "order-amount", "category")}
        address_bar = phone.url
        fits = phone.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
        targets = [phone.locator(selector).bounding_box()["height"]
                   for selector in (".choice >> nth=1", ".file-button", "#send")]

        phone.locator(".choice", has_text="사실과 다릅니다").tap()
        phone.fill("#details", "15일은 정상 영업했습니다. 안내문 사진을 보냅니다.")
        phone.set_input_files("#files", files=[{"name": "휴업안내문.png", "mimeType": "image/png",
                                                "buffer": PHOTO}])
        phone.wait_for_selector("#chosen img")
        phone.tap("#send")
        phone.wait_for_selector("#done:visible")

        claim = requests.get(f"{server.url}{CLAIMS}/{link.claim}", headers=link.agent_auth,
                             timeout=30).json()
        [photo] = claim["attachments"]
        downloaded = requests.get(f"{server.url}{CLAIMS}/{link.claim}/attachments/{photo['id']}",
                                  headers=link.agent_auth, timeout=30)

    assert shown == {"question": QUESTION, "order-id": "O-77", "order-amount": "89,000원",
                     "category": "입점업체 서비스"}
    assert link.token not in address_bar and address_bar.endswith("/vendor")
    assert fits and min(targets) >= 48
    fact_check = claim["fact_checks"][0]
    assert (fact_check["status"], fact_check["finding"], fact_check["answered_by"]) == (
        "answered", "disputed", "vendor:M-9")
    assert fact_check["details"] == "15일은 정상 영업했습니다. 안내문 사진을 보냅니다."
    assert fact_check["evidence"] == [photo["id"]]
    assert (photo["filename"], photo["media_type"], photo["uploaded_by"]) == (
        "휴업안내문.png", "image/png", "vendor:M-9")
    assert photo["sha256"] == sha256(PHOTO) and downloaded.content == PHOTO
    assert complaints == []


def test_a_used_link_tells_the_vendor_so_in_korean(database_url, tmp_path, phone):
    auth = an_agent(database_url)

    with running_server(database_url, tmp_path) as server:
        link = a_vendor_link(server, auth)
        revoked = requests.post(
            f"{server.url}{CLAIMS}/{link.claim}/fact-checks/fc-1/vendor-link/revocation",
            json={}, headers=link.agent_auth, timeout=30)
        phone.goto(link.url)
        phone.wait_for_selector("#problem:visible")
        said = phone.inner_text("#problem-text")

    assert revoked.status_code == 200
    assert said == "회사에서 이 링크를 회수했습니다. 담당자에게 문의해 주세요."
    assert phone.locator("#answer").is_hidden()
