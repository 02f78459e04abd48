"""The admins' webhook page in a real headless Chromium against a real `casemgmt serve` (which
runs the delivery runner), on SQLite and on PostgreSQL, with a real receiver on 127.0.0.1: an
admin adds a subscription and the secret shown once is the one that signs; the deliveries show
delivered, or pending with attempts, the last error and the next retry; pause, resume and
delete after confirming; other roles are refused; axe-core finds no serious violation."""
from __future__ import annotations

import re
import time
from typing import Iterator

import pytest
import requests

from casemgmt.webhooks.signing import verify
from tests.databases import BACKENDS
from tests.web.browser import Served, menu, scan, serving, signed_in, staff_of
from tests.webhooks.receiver import Receiver, start, stop

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    found = Receiver(script=lambda path, delivery, seen: (
        500 if path.startswith("/down") else 200, 0.0))
    server = start(found)
    yield found
    stop(found, server)


@pytest.fixture(scope="module", params=BACKENDS)
def served(request, tmp_path_factory) -> Iterator[Served]:
    with serving(request.param, tmp_path_factory, "webhooks",
                 staff_of("agent", "supervisor", "admin"),
                 settings={"CASEMGMT_WEBHOOK_ALLOW_PRIVATE": "1"}) as served:
        yield served


def add(page, url: str, description: str, events: tuple[str, ...] = ()) -> str:
    """Fill the form as an admin does; returns the secret shown once."""
    page.get_by_label(re.compile("^받을 주소")).fill(url)
    if events:
        page.get_by_label("모든 이벤트").uncheck()
        for label in events:
            page.get_by_label(label, exact=True).check()
    page.get_by_label("설명").fill(description)
    page.get_by_role("button", name="구독 추가").click()
    return page.locator("#webhook-secret").inner_text()


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("not reached in time")


def reload_until(page, text: str, timeout: float = 20.0) -> str:
    """The deliveries table once it shows `text` (the runner works beside the page)."""
    deadline = time.monotonic() + timeout
    while True:
        shown = page.locator("table.deliveries").inner_text()
        if text in shown or time.monotonic() > deadline:
            return shown
        time.sleep(0.3)
        page.reload()


def port_of(served: Served) -> str:
    return served.url.rsplit(":", 1)[1]  # one receiver for both backends: paths of their own


def test_an_admin_adds_a_subscription_whose_secret_signs_and_sees_its_deliveries(
        chromium, served, receiver):
    admin = signed_in(chromium, served, "admin")
    menu(admin).get_by_role("link", name="웹훅").click()
    path = f"/up-{port_of(served)}"

    secret = add(admin, receiver.url(path), "알림톡 게이트웨이", events=("접수 (Filed)",))
    shown_once = admin.locator("main").inner_text()
    admin.goto(f"{served.url}/webhooks")
    listed = admin.locator("table.webhooks").inner_text()
    claim_id = served.a_claim()  # filed, assigned, answered: only "접수" is subscribed
    wait_for(lambda: receiver.on(path))
    arrived = receiver.on(path)[0]
    admin.get_by_role("link", name=receiver.url(path)).click()
    deliveries = reload_until(admin, "전달됨")

    assert "지금 한 번만 보입니다" in shown_once and secret not in listed
    assert "알림톡 게이트웨이" in listed and "접수" in listed and "전송 중" in listed
    assert verify(secret, arrived.body, arrived.signature, int(time.time()))
    assert arrived.payload["claim_id"] == claim_id and arrived.payload["type"] == "Filed"
    assert claim_id in deliveries and "전달됨" in deliveries and "배정" not in deliveries


def test_a_failing_endpoint_shows_pending_with_attempts_the_last_error_and_the_next_retry(
        chromium, served, receiver):
    admin = signed_in(chromium, served, "admin")
    admin.goto(f"{served.url}/webhooks")
    path = f"/down-{port_of(served)}"
    add(admin, receiver.url(path), "항상 실패하는 수신처")
    admin.goto(f"{served.url}/webhooks")
    claim_id = served.a_claim()
    wait_for(lambda: receiver.on(path))
    admin.get_by_role("link", name=receiver.url(path)).click()
    admin.get_by_role("navigation", name="전송 상태").get_by_role("link", name="대기").click()
    shown = reload_until(admin, "HTTP 500 응답")
    row = admin.locator("table.deliveries tbody tr", has_text="HTTP 500 응답").first
    cells = row.locator("td").all_inner_texts()

    assert claim_id in shown and "전달됨" not in shown
    assert cells[2].startswith("대기") and re.fullmatch(r"[1-9]\d*회", cells[3])
    assert cells[5] == "HTTP 500 응답"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \(.\) \d{2}:\d{2}", cells[6])  # the next retry


def test_an_admin_pauses_resumes_and_deletes_after_confirming(chromium, served, receiver):
    admin = signed_in(chromium, served, "admin")
    admin.goto(f"{served.url}/webhooks")
    add(admin, receiver.url("/to-delete"), "지울 구독")
    admin.goto(f"{served.url}/webhooks")
    admin.get_by_role("link", name=receiver.url("/to-delete")).click()

    admin.get_by_role("button", name="일시 중지").click()
    paused = admin.locator("main").inner_text()
    admin.get_by_role("button", name="다시 시작").click()
    resumed = admin.locator("main").inner_text()
    admin.get_by_role("link", name="삭제…").click()
    confirm = admin.locator("main").inner_text()
    admin.get_by_role("button", name="삭제", exact=True).click()
    after = admin.locator("main").inner_text()

    assert "전송을 일시 중지했습니다" in paused and "관리자가 일시 중지함" in paused
    assert "전송을 다시 시작했습니다" in resumed and "전송 중" in resumed
    assert "되돌릴 수 없습니다" in confirm and receiver.url("/to-delete") in confirm
    assert "구독을 삭제했습니다" in after and receiver.url("/to-delete") not in after


def test_other_roles_are_refused_as_the_api_refuses_them(chromium, served):
    supervisor = signed_in(chromium, served, "supervisor")
    api = requests.get(f"{served.url}/api/v1/webhooks", timeout=20, headers={
        "Authorization": f"Bearer {served.staff['supervisor']['token']}"})

    answer = supervisor.goto(f"{served.url}/webhooks")

    assert api.status_code == 403
    assert answer.status == 403 and "상급자 역할은 이 화면이나 작업을 쓸 수 없습니다" in \
        supervisor.content()
    assert menu(supervisor).get_by_role("link", name="웹훅").count() == 0


def test_axe_finds_no_serious_or_critical_violations_on_the_webhook_pages(
        chromium, served, receiver, axe):
    admin = signed_in(chromium, served, "admin", bypass_csp=True)
    found = {}

    admin.goto(f"{served.url}/webhooks")
    found["/webhooks"] = scan(admin, axe)
    add(admin, receiver.url("/axe"), "접근성 검사")
    found["/webhooks (secret shown)"] = scan(admin, axe)
    admin.get_by_label(re.compile("^받을 주소")).fill("file:///etc/passwd")
    admin.get_by_role("button", name="구독 추가").click()
    found["/webhooks (refused)"] = scan(admin, axe)
    admin.goto(f"{served.url}/webhooks")
    admin.get_by_role("link", name=receiver.url("/axe")).click()
    found["/webhooks/{id}"] = scan(admin, axe)
    admin.get_by_role("link", name="삭제…").click()
    found["/webhooks/{id}/delete"] = scan(admin, axe)

    assert {path: v for path, v in found.items() if v} == {}
