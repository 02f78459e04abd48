"""The workspace in a real headless Chromium against a real `casemgmt serve`, on SQLite and on
PostgreSQL: staff work claims with the mouse and with the keyboard alone, the auditor replays a
claim, a stale form shows the conflict, and axe-core finds no serious accessibility violation.

Chromium, Playwright and axe-core missing is a failure that says what to install, never a skip.
"""
from __future__ import annotations

import re
from typing import Iterator

import pytest

from tests.databases import BACKENDS
from tests.evidence.files import PDF, png
from tests.web.browser import Served, menu, scan, serving, signed_in, staff_of
from tests.web.media import wav

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
PHOTO = png("11월 15일 휴업 안내문", width=40, height=30)
WAV = wav(seconds=1)


@pytest.fixture(scope="module", params=BACKENDS)
def served(request, tmp_path_factory) -> Iterator[Served]:
    """One `casemgmt serve` per backend for the whole module, with a small team."""
    with serving(request.param, tmp_path_factory, "workspace",
                 staff_of("agent", "supervisor", "auditor")) as served:
        yield served
    log = served.server.log.read_text(errors="replace")  # complete once the server has stopped
    assert not [role for role, member in served.staff.items() if member["token"] in log]


def test_an_agent_files_takes_answers_and_decides_beyond_their_limit_and_a_supervisor_approves(
        chromium, served):
    agent = signed_in(chromium, served, "agent")

    menu(agent).get_by_role("link", name="클레임 접수").click()
    agent.get_by_label("채널").select_option("phone")
    agent.get_by_label(re.compile("^유형")).select_option("merchant_service")
    agent.get_by_label("고객 ID").fill("C-3001")
    agent.get_by_label("이름").fill("김민수")
    agent.get_by_label("전화번호").fill("010-1234-5678")
    agent.get_by_label("요약").fill("레스토랑 이용권: 두 번 방문했는데 모두 휴업")
    agent.get_by_role("button", name="접수").click()
    agent.get_by_role("button", name="이 클레임 맡기").click()
    agent.get_by_label("고객에게 전한 내용").fill("불편을 드려 죄송합니다. 확인 후 연락드리겠습니다.")
    agent.get_by_role("button", name="응답 기록").click()
    agent.get_by_role("combobox", name=re.compile("^보상")).select_option("refund")
    agent.get_by_label("금액 (원)").fill("89000")
    preview = agent.locator("#decision-preview").inner_text()
    agent.get_by_label("고객에게 설명할 근거").fill("휴업으로 두 번 모두 이용하지 못하셨습니다.")
    agent.get_by_role("button", name="결정", exact=True).click()
    claim_url = agent.url.split("?")[0]
    supervisor = signed_in(chromium, served, "supervisor")
    menu(supervisor).get_by_role("link", name="승인 대기").click()
    waiting = supervisor.locator("section.approval", has_text="레스토랑 이용권: 두 번 방문했는데")
    waiting.get_by_role("button", name="승인").click()
    reviewed = supervisor.get_by_role("status").first.inner_text()
    supervisor.goto(claim_url)

    assert "상급자의 승인을 기다리게 됩니다" in preview
    assert "보상 결정을 기록했습니다." in agent.content()
    assert "승인 대기" in agent.locator(".claim-header").inner_text()
    assert reviewed == "결정을 검토했습니다."
    decisions = supervisor.locator("#decisions-title + table").inner_text()
    assert "89,000원" in decisions and "승인" in decisions and "승인 대기" not in decisions
    assert "처리 중" in supervisor.locator(".claim-header").inner_text()


def test_an_auditor_moves_the_slider_to_version_1_and_sees_the_masked_customer_and_no_commands(
        chromium, served):
    claim_id = served.a_claim(customer={"id": "C-3002", "name": "김민수",
                                        "phone": "010-1234-5678", "tier": "regular"})
    auditor = signed_in(chromium, served, "auditor")

    auditor.goto(f"{served.url}/claims/{claim_id}")
    auditor.get_by_role("link", name=re.compile("감사용 이력")).click()
    auditor.get_by_label(re.compile("^버전")).fill("1")
    announced = auditor.locator("#version-event").inner_text()
    auditor.get_by_role("button", name="이 버전 보기").click()

    text = auditor.locator("main").inner_text()
    assert "해시 체인 검증: 이상 없음" in text
    assert "아래는 버전 1의 클레임입니다 — 최신은 버전 3." in text
    assert announced.startswith("v1: 접수")
    assert "김*수" in text and "010-****-5678" in text
    assert "김민수" not in auditor.content() and "010-1234-5678" not in auditor.content()
    assert "미배정" in auditor.locator(".claim-header").inner_text()
    # signing out, nothing else (the customer look-up box in the header only reads)
    assert auditor.locator("form[method='post']:not(.lookup)").count() == 1
    assert auditor.get_by_role("button", name=re.compile("응답|결정|종결|메모|승인")).count() == 0


def test_a_form_read_before_someone_elses_change_shows_the_conflict(chromium, served):
    claim_id = served.a_claim(customer={"id": "C-3003", "name": "최유리"})
    first = signed_in(chromium, served, "agent")
    first.goto(f"{served.url}/claims/{claim_id}")
    second = first.context.new_page()
    second.goto(f"{served.url}/claims/{claim_id}")
    second.get_by_label(re.compile("^메모")).fill("다른 탭에서 남긴 메모")
    second.get_by_role("button", name="메모 남기기").click()

    first.get_by_label("고객에게 전한 내용").fill("환불 절차를 안내드렸습니다.")
    first.get_by_role("button", name="응답 기록").click()

    alert = first.get_by_role("alert").first.inner_text()
    assert "다른 사람이 이 클레임을 변경했습니다" in alert
    assert first.get_by_label("고객에게 전한 내용").input_value() == "환불 절차를 안내드렸습니다."
    first.get_by_role("link", name="최신 내용 다시 불러오기").first.click()
    assert "다른 탭에서 남긴 메모" in first.locator(".timeline").inner_text()
    assert "환불 절차를 안내드렸습니다." not in first.locator(".timeline").inner_text()


def test_the_keyboard_alone_reaches_every_command_and_works_one(chromium, served):
    claim_id = served.a_claim(customer={"id": "C-3004", "name": "한지민"})
    served.api(f"/{claim_id}/fact-checks", {"vendor": {"id": "M-9", "kind": "merchant"},
                                            "question": "휴업 여부 확인"})
    served.api(f"/{claim_id}/decisions", {"remedy": "refund", "amount_krw": 89_000,
                                          "rationale": "휴업"})
    served.api(f"/{claim_id}/escalations", {"agency": "kca", "agency_reference": "KCA-1",
                                            "received_at": "2026-01-05T10:00:00+09:00"})
    page = signed_in(chromium, served, "supervisor")
    page.goto(f"{served.url}/claims/{claim_id}")
    commands = page.locator(".claim-commands form button[type='submit']")
    wanted = {commands.nth(i).evaluate("b => b.form.action + ' ' + b.textContent.trim()")
              for i in range(commands.count())}

    reached, first, outlined = set(), None, True
    for _ in range(600):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            const s = getComputedStyle(e);
            const submit = e.form && e.type === 'submit';
            return {label: submit ? e.form.action + ' ' + e.textContent.trim() : null,
                    text: e.textContent.trim(), outline: s.outlineStyle !== 'none'}; }""")
        first = first or focused["text"]
        if focused["label"] in wanted:
            reached.add(focused["label"])
            outlined = outlined and focused["outline"]
        if reached == wanted:
            break
    note = page.get_by_label(re.compile("^메모"))
    note.focus()
    page.keyboard.type("키보드만으로 남긴 메모")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"done=notes"))

    assert len(wanted) >= 12
    assert first == "본문으로 건너뛰기"
    assert wanted - reached == set()
    assert outlined, "a focused command button showed no focus outline"
    assert "키보드만으로 남긴 메모" in page.locator(".timeline").inner_text()


def test_an_agent_uploads_a_photo_on_the_claim_page_and_sees_its_thumbnail(chromium, served):
    claim_id = served.a_claim(customer={"id": "C-3006", "name": "윤아름"})
    page = signed_in(chromium, served, "agent")
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
    page.goto(f"{served.url}/claims/{claim_id}")

    page.get_by_label(re.compile("^올릴 파일")).set_input_files(files=[{
        "name": "휴업안내문.png", "mimeType": "image/png", "buffer": PHOTO}])
    page.get_by_label("파일 종류").select_option("photo")
    page.get_by_role("button", name="파일 올리기").click()
    page.wait_for_url(re.compile(r"done=attachments"))
    thumbnail = page.get_by_role("img", name="사진 미리보기: 휴업안내문.png")
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                           arg=thumbnail.element_handle())

    assert page.get_by_role("status").first.inner_text() == "파일을 올렸습니다."
    assert thumbnail.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [40, 30]
    assert "증거 파일 추가" in page.locator(".timeline").inner_text()
    assert blocked == []  # nothing refused by the Content-Security-Policy


def test_the_calculator_shows_6000_won_for_a_parcel_3_days_late_on_a_4000_won_fare(
        chromium, served):
    page = signed_in(chromium, served, "agent")

    menu(page).get_by_role("link", name="분쟁해결기준 계산기").click()
    page.get_by_label(re.compile("^분쟁 유형")).select_option("60-3")
    page.get_by_role("button", name="이 기준으로 입력하기").click()
    page.get_by_label(re.compile("^초과일수")).fill("3")
    page.get_by_label(re.compile("^운임")).fill("4000")
    page.get_by_role("button", name="계산", exact=True).click()

    result = page.locator("#result")
    assert result.get_by_role("row", name=re.compile("배상")).inner_text().split("\t")[1] \
        == "6,000원"
    assert "60-3 행" in result.inner_text()
    assert page.evaluate("document.activeElement.id") == "result"


def test_axe_finds_no_serious_or_critical_violations_on_the_main_pages(
        chromium, served, axe):
    claim_id = served.a_claim(customer={"id": "C-3005", "name": "오세훈", "tier": "vip",
                                        "vulnerable": ["senior"]})
    served.api(f"/{claim_id}/decisions", {"remedy": "refund", "amount_krw": 89_000,
                                          "rationale": "휴업"})
    served.api(f"/{claim_id}/fact-checks", {"vendor": {"id": "M-9", "kind": "merchant"},
                                            "question": "휴업 여부 확인"})
    for name, data in (("휴업안내문.png", PHOTO), ("통화녹음.wav", WAV), ("내용증명.pdf", PDF)):
        served.upload(claim_id, name, data)
    served.api(f"/{claim_id}/fact-checks/fc-1/vendor-link", {})
    anonymous = chromium.new_context(locale="ko-KR", bypass_csp=True).new_page()
    supervisor = signed_in(chromium, served, "supervisor", bypass_csp=True)
    auditor = signed_in(chromium, served, "auditor", bypass_csp=True)
    pages = [(anonymous, "/sign-in"), (supervisor, "/"), (supervisor, "/intake"),
             (supervisor, f"/claims/{claim_id}"), (supervisor, "/approvals"),
             (auditor, f"/claims/{claim_id}"), (auditor, f"/claims/{claim_id}/history?version=1"),
             (supervisor, "/dashboards/voc"), (supervisor, "/dashboards/authority"),
             (supervisor, "/dashboards/surprise-delight"), (supervisor, "/remedies"),
             (auditor, "/remedies?rule=60-3&step=calculate&inputs.days_late=3"
                       "&inputs.fare_krw=4000"),
             (auditor, "/remedies?rule=60-3&step=calculate&inputs.days_late=")]

    found = {}
    for page, path in pages:
        page.goto(f"{served.url}{path}")
        found[path] = scan(page, axe)
    supervisor.goto(f"{served.url}/intake")
    supervisor.get_by_role("button", name="접수").click()  # every field refused
    found["/intake (refused)"] = scan(supervisor, axe)
    supervisor.goto(f"{served.url}/claims/{claim_id}")
    supervisor.get_by_role("button", name="업체 링크 만들기").click()  # the link, shown once
    found["/claims/{id} (vendor link made)"] = scan(supervisor, axe)

    assert {path: v for path, v in found.items() if v} == {}

