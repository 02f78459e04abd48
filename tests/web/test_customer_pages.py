"""Customers in a real headless Chromium against a real `casemgmt serve`, on SQLite and on
PostgreSQL: an agent types a phone number in another format into the look-up box and reaches
the customer 360; an auditor sees it masked; an erased customer's page says so; a second payment
on one order shows its hold on the claim and in the inbox; a supervisor downloads the queue's
CSV (an agent has no button); axe-core finds no serious violation on the new pages."""
from __future__ import annotations

import re
import time
from typing import Iterator

import pytest
import requests

from tests.databases import BACKENDS
from tests.web.browser import STAFF, Served, scan, serving, signed_in

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
KIM = {"id": "C-7001", "name": "김민수", "phone": "010-2345-6789", "email": "Kim@Example.com",
       "tier": "loyal", "vulnerable": ["senior"]}
ORDER = {"id": "O-7001", "merchant_id": "M-9", "amount_krw": 89_000}


@pytest.fixture(scope="module", params=BACKENDS)
def served(request, tmp_path_factory) -> Iterator[Served]:
    with serving(request.param, tmp_path_factory, "customers", STAFF) as served:
        yield served


@pytest.fixture(scope="module")
def kim(served) -> dict[str, str]:
    """Kim's two claims on one order: a coupon approved at once, then a second payment held."""
    first = served.a_claim(customer=KIM, order=ORDER)
    served.api(f"/{first}/decisions", {"remedy": "coupon", "amount_krw": 5_000,
                                       "rationale": "사과의 뜻으로 쿠폰을 드립니다."})
    second = served.a_claim(customer=KIM, order=ORDER, summary="같은 주문 두 번째 문의")
    held = served.api(f"/{second}/decisions", {"remedy": "points", "amount_krw": 3_000,
                                               "rationale": "배송 지연에 대한 적립금"})
    assert held["decisions"][0]["hold"] == "duplicate_compensation"
    return {"first": first, "second": second}


def look_up(page, by: str, text: str) -> None:
    box = page.get_by_role("search", name="고객 조회")
    box.get_by_label("고객 조회 항목").select_option(by)
    box.get_by_label("고객 조회어").fill(text)
    box.get_by_role("button", name="고객 찾기").click()


def access_log(served: Served, customer_id: str) -> list[dict]:
    answer = requests.get(f"{served.url}/api/v1/audit/access-log", timeout=20,
                          params={"customer_id": customer_id, "limit": 500},
                          headers={"Authorization": f"Bearer {served.staff['admin']['token']}"})
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]


def test_an_agent_finds_a_customer_by_a_phone_typed_otherwise_and_opens_the_360(
        chromium, served, kim):
    agent = signed_in(chromium, served, "agent")
    agent_id = served.staff["agent"]["id"]
    before = len(access_log(served, KIM["id"]))

    look_up(agent, "phone", "+82 10 2345 6789")
    found_url = agent.url
    results = agent.locator("table.customers").inner_text()
    agent.get_by_role("link", name="김민수").click()
    agent.wait_for_url(re.compile(r"/customers/C-7001$"))
    totals = agent.locator(".summary-360").inner_text()
    claims = agent.locator("#claims-title + table").inner_text()
    concessions = agent.locator("#concessions-title + table").inner_text()
    logged = access_log(served, KIM["id"])[before:]

    assert found_url == f"{served.url}/customers/search"  # the phone is in no URL
    assert "010-2345-6789" in results and "2건" in results and "고령" in results
    assert agent.get_by_role("heading", level=1).inner_text().startswith("김민수")
    assert re.search(r"승인된 보상 합계\s+5,000원", totals)
    assert re.search(r"클레임\s+2건 \(진행 중 2건\)", totals)
    assert kim["first"] in claims and kim["second"] in claims
    assert "5,000원" in concessions and "3,000원" in concessions and "중복 보상 방지" in concessions
    assert {(row["endpoint"], row["claim_id"], row["staff_id"], row["outcome"])
            for row in logged} >= {
        ("/customers/search", kim["second"], agent_id, "shown"),
        ("/customers/{customer_id}", kim["first"], agent_id, "shown"),
        ("/customers/{customer_id}", kim["second"], agent_id, "shown")}


def test_an_auditor_sees_the_look_up_and_the_360_masked(chromium, served, kim):
    auditor = signed_in(chromium, served, "auditor")

    look_up(auditor, "email", "KIM@example.COM")
    results = auditor.locator("table.customers").inner_text()
    auditor.get_by_role("link", name="김*수").click()
    shown = auditor.locator("main").inner_text()

    for text in (results, shown):
        assert "김*수" in text and "010-****-6789" in text
        assert "김민수" not in text and "010-2345-6789" not in text and "Kim@Example" not in text
    assert "K***@Example.com" in shown


def test_a_keyboard_user_looks_up_from_the_header(chromium, served, kim):
    agent = signed_in(chromium, served, "agent")

    agent.get_by_label("고객 조회 항목").focus()
    agent.keyboard.press("End")  # 이름, the last criterion
    agent.keyboard.press("Tab")
    agent.keyboard.type("김민수")
    agent.keyboard.press("Enter")
    agent.wait_for_url(f"{served.url}/customers/search")

    assert agent.evaluate("document.activeElement.id") == "found-title"
    assert "찾은 고객 1명" in agent.locator("#found-title").inner_text()


def findable(served: Served, phone: str) -> bool:
    answer = requests.post(f"{served.url}/api/v1/customers/search", json={"phone": phone},
                           timeout=20, headers={
                               "Authorization": f"Bearer {served.staff['agent']['token']}"})
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["items"])


def erase_once_indexed(served: Served, customer_id: str, phone: str) -> None:
    """Erase a customer the index already holds (a customer with a history, not one filed a
    moment ago: an erasure racing the index's projection of the Filed event can leave the
    customer findable — a product bug reported apart, not what these tests are about)."""
    deadline = time.monotonic() + 20
    while not findable(served, phone):
        assert time.monotonic() < deadline, "the customer never became findable"
        time.sleep(0.2)
    erased = requests.post(f"{served.url}/api/v1/customers/{customer_id}/erasure", timeout=20,
                           json={"reason": "고객 요청"}, headers={
                               "Authorization": f"Bearer {served.staff['admin']['token']}"})
    assert erased.status_code == 200, erased.text


def test_an_erased_customers_page_says_the_data_was_destroyed(chromium, served):
    served.a_claim(customer={**KIM, "id": "C-7002", "name": "이순신", "phone": "010-5555-0000"})
    erase_once_indexed(served, "C-7002", "010-5555-0000")
    agent = signed_in(chromium, served, "agent")

    answer = agent.goto(f"{served.url}/customers/C-7002")
    text = agent.locator("main").inner_text()
    look_up(agent, "phone", "01055550000")

    assert answer.status == 410
    assert "파기되었습니다" in text and "이순신" not in text
    assert "일치하는 고객이 없습니다" in agent.locator("main").inner_text()


def test_the_duplicate_hold_shows_on_the_claim_and_in_the_inbox_with_links(
        chromium, served, kim):
    supervisor = signed_in(chromium, served, "supervisor")

    supervisor.goto(f"{served.url}/claims/{kim['second']}")
    on_claim = supervisor.locator("#decisions-title + table").inner_text()
    supervisor.get_by_role("navigation", name="주 메뉴").get_by_role("link", name="승인 대기").click()
    waiting = supervisor.locator("section.approval", has_text="같은 주문 두 번째 문의")
    in_inbox = waiting.get_by_role("note", name="중복 보상 확인").inner_text()
    waiting.get_by_role("link", name=f"클레임 {kim['first']}").click()

    for text in (on_claim, in_inbox):
        assert "중복 보상 방지" in text and f"클레임 {kim['first']} 결정 d-1 · 5,000원" in text
    assert supervisor.url == f"{served.url}/claims/{kim['first']}"


def test_a_supervisor_downloads_the_queues_csv_and_an_agent_has_no_button(
        chromium, served, kim):
    supervisor = signed_in(chromium, served, "supervisor", accept_downloads=True)
    agent = signed_in(chromium, served, "agent")
    supervisor.goto(f"{served.url}/?received_from=2020-01-01")

    button = supervisor.get_by_role("link", name="CSV로 내보내기")
    href = button.get_attribute("href")
    with supervisor.expect_download() as download:
        button.click()
    data = open(download.value.path(), "rb").read()
    text = data.decode("utf-8-sig")

    assert href == "/claims/export.csv?received_from=2020-01-01"
    assert data.startswith(b"\xef\xbb\xbf")
    assert kim["first"] in text and kim["second"] in text
    assert "010-2345-6789" not in text and "김민수" not in text
    assert download.value.suggested_filename.startswith("claims-2020-01-01")
    assert agent.get_by_role("link", name="CSV로 내보내기").count() == 0
    assert agent.goto(f"{served.url}/claims/export.csv").status == 403


def test_axe_finds_no_serious_or_critical_violations_on_the_customer_pages(
        chromium, served, kim, axe):
    served.a_claim(customer={**KIM, "id": "C-7003", "name": "강감찬", "phone": "010-5555-1111"})
    erase_once_indexed(served, "C-7003", "010-5555-1111")
    agent = signed_in(chromium, served, "agent", bypass_csp=True)
    supervisor = signed_in(chromium, served, "supervisor", bypass_csp=True)
    auditor = signed_in(chromium, served, "auditor", bypass_csp=True)
    found = {}

    for page, path in ((agent, "/customers"), (agent, "/customers/C-7001"),
                       (auditor, "/customers/C-7001"), (agent, "/customers/C-7003"),
                       (supervisor, "/approvals"), (supervisor, f"/claims/{kim['second']}"),
                       (supervisor, "/")):
        page.goto(f"{served.url}{path}")
        found[path] = scan(page, axe)
    look_up(agent, "phone", "010-2345-6789")
    found["/customers/search (found)"] = scan(agent, axe)
    look_up(agent, "name", " ")
    found["/customers/search (refused)"] = scan(agent, axe)

    assert {path: v for path, v in found.items() if v} == {}


def test_the_look_up_is_refused_to_an_admin_as_the_api_refuses_it(chromium, served):
    admin = signed_in(chromium, served, "admin")

    answer = admin.goto(f"{served.url}/customers")

    assert admin.get_by_role("search", name="고객 조회").count() == 0
    assert answer.status == 403 and "관리자 역할은 이 화면이나 작업을 쓸 수 없습니다" in admin.content()

