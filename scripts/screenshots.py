"""Screenshots of the workspace's main pages, for the README: `.venv/bin/python
scripts/screenshots.py [--out docs/screenshots]`.

Builds a demo SQLite database (two months of claims written through the application's use
cases with a clock that moves along), serves it with `casemgmt serve`, signs in as an agent, a
supervisor, an auditor and an admin in Debian's headless Chromium, and writes one PNG per
page. A receiver on 127.0.0.1 takes the demo's webhook deliveries (another URL refuses them).
Needs what the browser tests need: `apt-get install -y chromium fonts-noto-cjk`.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))

from casemgmt.application.clock import KST, FixedClock  # noqa: E402
from casemgmt.bootstrap import build  # noqa: E402
from casemgmt.config import Settings  # noqa: E402
from casemgmt.domain.values import Customer, Order  # noqa: E402
from casemgmt.application.evidence import Upload  # noqa: E402
from casemgmt.application.jobs import run_job  # noqa: E402
from casemgmt.webhooks.wiring import compose  # noqa: E402
from tests.api.live import running_server  # noqa: E402
from tests.evidence.files import PDF  # noqa: E402
from tests.web.browser import launch  # noqa: E402
from tests.web.media import wav  # noqa: E402
from tests.webhooks.receiver import Receiver, start, stop  # noqa: E402

CATEGORIES = ["exchange_return", "refund_delay", "delivery", "product_mismatch", "membership",
              "merchant_service", "promotion", "product_info"]
CHANNELS = ["phone", "phone", "chat", "board", "email", "phone", "sns", "chat"]
NAMES = ["김민수", "이수진", "박서연", "최유리", "정하준", "한지민", "오세훈", "윤아름", "장도윤",
         "임채원", "강예린", "조민재"]
SUMMARIES = {
    "exchange_return": "사이즈 교환 요청: 회수 기사 방문 일정 미정",
    "refund_delay": "반품 완료 후 5일째 환불 미처리",
    "delivery": "배송 조회는 완료인데 상품 미수령",
    "product_mismatch": "상품 색상이 사진과 다름 (네이비 → 검정)",
    "membership": "VIP 등급 산정 누락 문의",
    "merchant_service": "레스토랑 이용권: 두 번 방문했는데 모두 휴업",
    "promotion": "쿠폰 적용 금액이 안내와 다름",
    "product_info": "상세페이지 소재 표기 오류",
}


@dataclass
class Demo:
    url: str
    tokens: dict[str, str]
    featured: str      # an agent's claim in progress, with a fact check
    audited: str       # a claim with a long history
    month: str         # last month, whose Surprise & Delight round exists
    agent_id: str = ""  # the agent's staff id (the simulation doubles her limit)
    start: str = ""     # the demo's first day and today (the simulation's period)
    end: str = ""


def evidence_of_featured(svc, later, claim_id: Callable[[], str], agent, start: datetime,
                         photos: dict[str, bytes]) -> None:
    """The customer's photo, the call recording and the receipt; the merchant answers fc-1
    itself through a link, with a photo; fc-2 waits for the merchant."""
    def add(name: str, data: bytes, kind: str, **part) -> Callable[[], None]:
        return lambda: svc.evidence.add_attachment(agent, claim_id(), Upload(
            filename=name, data=data, kind=kind, **part))

    def merchant_answers() -> None:
        _, link = svc.vendors.issue_link(agent, claim_id(), "fc-1")
        session = svc.vendors.authenticate(link.token, "fc-1")
        svc.vendors.vendor_file(session, Upload(filename="영업일지_11월.png",
                                                data=photos["log"], kind="photo"))
        svc.vendors.vendor_answer(session, "disputed", "14일은 내부 공사로 임시 휴업했고 21일은 "
                                  "정상 영업했습니다. 영업일지 사진을 보냅니다.")

    later(start + timedelta(hours=2), add("휴업안내문_고객제공.png", photos["notice"], "photo",
                                          fact_check_id="fc-1"))
    later(start + timedelta(hours=2, minutes=5), add("통화녹음_1114.wav", wav(seconds=3),
                                                     "recording"))
    later(start + timedelta(hours=2, minutes=9), add("이용권_결제내역.pdf", PDF, "receipt"))
    later(start + timedelta(hours=26), merchant_answers)
    later(start + timedelta(hours=27), lambda: svc.casemgmt.request_fact_check(
        agent, claim_id(), vendor_id="M-9", vendor_kind="merchant",
        question="환불하면 이용권 위약금이 발생하나요? 환불 가능 여부를 알려 주세요."))


def photo_of(html: str, width: int, height: int) -> bytes:
    """A PNG of a small HTML card, drawn by Chromium (what a phone photo would show)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.set_content(f'<html lang="ko"><body style="margin:0">{html}</body></html>')
        data = page.screenshot(type="png")
        browser.close()
    return data


NOTICE = ('<div style="height:240px;background:#d9cbb0;display:flex;align-items:center;'
          'justify-content:center;font-family:Noto Sans CJK KR,sans-serif">'
          '<div style="background:#fffdf6;width:250px;padding:18px;transform:rotate(-3deg);'
          'box-shadow:4px 6px 10px #0005;text-align:center">'
          '<div style="font-size:26px;font-weight:700;color:#b3261e">임시 휴업 안내</div>'
          '<div style="margin-top:10px;font-size:15px">11월 14일(금)</div>'
          '<div style="font-size:15px">매장 사정으로 하루 쉽니다.</div>'
          '<div style="margin-top:10px;font-size:12px;color:#555">— 점주 올림</div></div></div>')
LOG_BOOK = ('<div style="height:240px;background:#5b6b7a;display:flex;align-items:center;'
            'justify-content:center;font-family:Noto Sans CJK KR,sans-serif">'
            '<div style="background:#fff;width:270px;padding:14px;transform:rotate(2deg);'
            'font-size:14px;line-height:1.7">'
            '<div style="font-weight:700;border-bottom:2px solid #333">영업일지 2026년 11월</div>'
            '<div>14일 (금) 내부 공사 — <b style="color:#b3261e">휴업</b></div>'
            '<div>21일 (금) 정상 영업 11:30–21:00</div>'
            '<div>22일 (토) 정상 영업 11:30–21:00</div></div></div>')


def demo_data(database_url: str, receiver_url: str = "") -> Demo:
    now = datetime.now(KST).replace(second=0, microsecond=0)
    photos = {"notice": photo_of(NOTICE, 320, 240), "log": photo_of(LOG_BOOK, 320, 240)}
    clock = FixedClock(now - timedelta(days=62))
    svc = build(Settings(database_url=database_url, webhook_allow_private=True), clock=clock)
    app = svc.casemgmt
    team = {name: app.add_staff(*member) for name, member in {
        "agent": ("박지은", "agent", 30_000), "other": ("최서준", "agent", 50_000),
        "supervisor": ("이영희", "supervisor", 500_000), "auditor": ("감사원", "auditor", 0),
        "admin": ("관리자", "admin", 0)}.items()}
    actors = {name: member.as_actor() for name, (member, _) in team.items()}
    desk = compose(svc).desk  # subscribed before the claims: every event is a delivery
    desk.subscribe(actors["admin"], url=f"{receiver_url}/alimtalk", events=["*"],
                   description="알림톡 게이트웨이 (기한 임박, 사실 확인 요청, 종결)")
    desk.subscribe(actors["admin"], url=WAREHOUSE, events=["Filed", "Closed"],
                   description="데이터 웨어하우스")
    agent, other, supervisor = actors["agent"], actors["other"], actors["supervisor"]
    plan: list[tuple[datetime, int, Callable[[], None]]] = []  # (when, order, what)
    filed: dict[int, str] = {}

    def later(moment: datetime, action: Callable[[], None]) -> None:
        plan.append((moment, len(plan), action))

    def a_claim(i: int, received: datetime, by, category: str | None = None, *,
                same_as: int | None = None, **customer) -> None:
        """`same_as`: the customer and the order of that earlier claim, again."""
        category = category or CATEGORIES[i % len(CATEGORIES)]
        who = i if same_as is None else same_as
        person = Customer(id=f"C-{1000 + who}", name=NAMES[who % len(NAMES)],
                          phone=f"010-{2000 + who:04d}-{5678 + who:04d}",
                          tier=customer.get("tier", ["regular", "loyal", "vip"][who % 3]),
                          vulnerable=customer.get("vulnerable", []))

        def file() -> None:
            filed[i] = str(app.file_claim(
                by, channel=CHANNELS[i % len(CHANNELS)], category=category, customer=person,
                order=Order(id=f"O-{7700 + who}", merchant_id="M-9",
                            amount_krw=29_000 + 10_000 * (who % 7)),
                summary=SUMMARIES[category], description="고객 설명: " + SUMMARIES[category],
                received_at=received).id)
        later(received, file)

    def on(i: int, moment: datetime, command: str, actor, *args, **kwargs) -> None:
        later(moment, lambda: getattr(app, command)(actor, filed[i], *args, **kwargs))

    for i in range(22):  # eight weeks of claims, most of them answered and closed
        received = (now - timedelta(days=56 - i * 2.4)).replace(hour=9 + (i * 5) % 9)
        handler = agent if i % 2 else other
        a_claim(i, received, handler)
        if i % 5 == 4:
            continue  # never answered: overdue in the queue
        answered = received + timedelta(hours=1 + i % 5, minutes=7 * i % 50)
        on(i, answered, "assign", handler, handler.id)
        on(i, answered, "respond", handler, "불편을 드려 죄송합니다. 확인 후 연락드리겠습니다.",
           "phone")
        if i >= 19:
            continue  # still being worked
        closed = received + timedelta(days=1 + i % 4, hours=3)
        on(i, closed, "propose_decision", handler, remedy=["coupon", "points", "apology"][i % 3],
           amount_krw=[5_000, 3_000, 0][i % 3], rationale="불편을 드린 데 대한 사과")
        on(i, closed, "close_claim", handler, resolution="resolved", summary="안내 완료")
        on(i, closed + timedelta(days=3), "record_satisfaction", handler,
           score=[9, 8, 10, 3, 7][i % 5], via="happy_call")
        if i % 7 == 3:
            on(i, closed + timedelta(days=4), "reopen", handler, "같은 문제가 다시 발생")
            on(i, closed + timedelta(days=4, hours=1), "respond", handler,
               "재확인 후 교환해 드리겠습니다.", "phone")
            on(i, closed + timedelta(days=5), "close_claim", handler, resolution="resolved")

    featured_at = (now - timedelta(days=2)).replace(hour=10, minute=12)
    a_claim(30, featured_at, agent, "merchant_service", tier="vip", vulnerable=["senior"])
    on(30, featured_at + timedelta(minutes=20), "assign", agent, agent.id)
    on(30, featured_at + timedelta(minutes=40), "respond", agent,
       "부모님과 두 번 방문하셨는데 모두 휴업이었다니 정말 죄송합니다.", "phone")
    on(30, featured_at + timedelta(hours=1), "request_fact_check", agent, vendor_id="M-9",
       vendor_kind="merchant", question="11월 14일과 21일 휴업 여부와 사전 공지 여부를 확인해 주세요.")
    on(30, featured_at + timedelta(hours=5), "add_note", agent,
       "고객이 재방문 의사는 없다고 함. 전액 환불 희망.")
    evidence_of_featured(svc, later, lambda: filed[30], agent, featured_at, photos)
    pending_at = (now - timedelta(days=1)).replace(hour=14, minute=5)
    a_claim(31, pending_at, agent, "refund_delay")
    on(31, pending_at + timedelta(minutes=15), "assign", agent, agent.id)
    on(31, pending_at + timedelta(minutes=30), "respond", agent,
       "반품 상품 회수를 확인했습니다. 환불을 진행하겠습니다.", "phone")
    on(31, pending_at + timedelta(hours=1), "propose_decision", agent, remedy="refund",
       amount_krw=89_000, rationale="반품 회수가 확인되어 결제 금액 전액을 환불합니다.")
    escalated_at = (now - timedelta(days=6)).replace(hour=11)
    a_claim(32, escalated_at, supervisor, "exchange_return")
    on(32, escalated_at + timedelta(hours=1), "assign", supervisor, supervisor.id)
    on(32, escalated_at + timedelta(days=1), "escalate", supervisor, agency="kca",
       agency_reference="KCA-2026-1187", received_at=escalated_at + timedelta(days=1))
    on(32, escalated_at + timedelta(days=1, hours=2), "report_abuse", supervisor,
       kind="verbal_abuse", details="통화 중 반복적인 폭언")
    a_claim(33, now - timedelta(hours=3), agent, "delivery")  # new and unassigned
    again_at = (now - timedelta(days=1)).replace(hour=16, minute=40)  # C-1003's order again
    a_claim(34, again_at, agent, "product_info", same_as=3)
    on(34, again_at + timedelta(minutes=10), "assign", agent, agent.id)
    on(34, again_at + timedelta(minutes=25), "propose_decision", agent, remedy="points",
       amount_krw=3_000, rationale="상세페이지 표기 오류로 불편을 드려 적립금을 드립니다.")

    for moment, _, action in sorted(plan, key=lambda step: step[:2]):
        if moment <= now:
            clock.current = max(clock.current, moment)
            action()
    first_of_month = now.replace(day=1, hour=0, minute=0)
    last_month = (first_of_month - timedelta(days=1)).strftime("%Y-%m")
    clock.current = now
    run_job(svc.casemgmt, "surprise-delight", {"month": last_month})
    svc.projections.catch_up()
    tokens = {name: token for name, (_, token) in team.items()}
    svc.close()
    return Demo(database_url, tokens, filed[30], filed[3], last_month,
                str(team["agent"][0].id), (now - timedelta(days=60)).date().isoformat(),
                now.date().isoformat())


PAGES = [  # (file, role, path, what to do first, the whole page or the first screen)
    ("01-sign-in", None, "/sign-in", None, True),
    ("02-work-queue", "agent", "/?open=true", None, True),
    ("03-intake", "agent", "/intake", None, True),
    ("04-claim", "agent", "/claims/{featured}", "decide", False),
    ("05-approvals", "supervisor", "/approvals", None, True),
    ("06-history", "auditor", "/claims/{audited}/history?version=3", None, True),
    ("07-voc", "supervisor", "/dashboards/voc", None, True),
    ("08-authority-ledger", "supervisor", "/dashboards/authority?month={month}", None, True),
    ("09-surprise-delight", "supervisor", "/dashboards/surprise-delight?month={month}", None,
     True),
    # issue 10 (customers) and 13 (webhooks); C-1003's second claim is on an order paid before
    ("21-customer-lookup", "agent", "/", "look-up", True),
    ("22-customer-360", "agent", "/customers/C-1003", None, True),
    ("23-duplicate-hold", "supervisor", "/customers/C-1003", "held", False),
    ("24-webhooks", "admin", "/webhooks", None, True),
    ("25-webhook-deliveries", "admin", "/webhooks", "deliveries", False),
    ("10-claim-files", "agent", "/claims/{featured}", "files", False),
    ("11-vendor-link", "agent", "/claims/{featured}", "vendor-link", False),
    ("12-remedy-calculator", "agent", "/remedies?rule=60-3&step=calculate&inputs.days_late=3"
                                      "&inputs.fare_krw=4%2C000", None, True),
    ("13-decision-standard", "agent", "/claims/{featured}", "cite", False),
    ("14-simulation", "supervisor", "/simulations?step=run&from={start}&to={end}"
                                    "&limits.1.staff_id={agent_id}&limits.1.krw=100%2C000"
                                    "&authority.tier_multipliers.loyal=2", None, True),
]


def shoot(demo: Demo, base_url: str, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = launch(playwright)
        pages = {}
        for name, role, path, action, whole in PAGES:
            if role not in pages:
                pages[role] = browser.new_context(locale="ko-KR", viewport={
                    "width": 1280, "height": 860}).new_page()
                if role:
                    pages[role].goto(f"{base_url}/sign-in")
                    pages[role].get_by_label("API 토큰").fill(demo.tokens[role])
                    pages[role].get_by_role("button", name="로그인").click()
            page = pages[role]
            page.set_viewport_size({"width": 1280, "height": 860 if whole else 1500})
            page.goto(base_url + path.format(featured=demo.featured, audited=demo.audited,
                                             month=demo.month, agent_id=demo.agent_id,
                                             start=demo.start, end=demo.end))
            if action == "decide":
                page.get_by_label("금액 (원)").fill("89000")
            if action == "files":  # the files and the merchant's own answer in view
                page.locator("#files").evaluate("e => e.scrollIntoView()")
                page.wait_for_function("[...document.images].every(i => i.complete)")
            if action == "cite":  # the voucher's refund against the standard, before sending
                form = page.locator("form[data-standard-form]")
                form.get_by_role("combobox", name="보상 (필수)").select_option("refund")
                form.get_by_label("금액 (원)").fill("10000")
                form.get_by_label("적용할 기준").select_option("23-4")
                for label, value in (("권면금액", "10000"), ("지급한 금액", "9000"),
                                     ("잔액", "10000")):
                    form.get_by_label(label, exact=False).first.fill(value)
                page.locator("#standard-result").filter(has_text="행), 결정 금액").wait_for()
                form.evaluate("e => e.scrollIntoView()")
            if action == "vendor-link":  # made for fc-2: the link, shown once
                page.get_by_role("button", name="업체 링크 만들기").click()
            customers_and_webhooks(page, action)
            target = out / f"{name}.png"
            page.screenshot(path=str(target), full_page=whole)
            written.append(target)
        browser.close()
    return written


WAREHOUSE = "http://127.0.0.1:9/warehouse"  # nothing listens: every delivery there waits


def customers_and_webhooks(page, action: str | None) -> None:
    """The steps before the customer and webhook pages' screenshots (issues 10, 13)."""
    if action == "look-up":  # the header's box, a phone typed another way
        box = page.get_by_role("search", name="고객 조회")
        box.get_by_label("고객 조회 항목").select_option("phone")
        box.get_by_label("고객 조회어").fill("+82 10 2003 5681")
        box.get_by_role("button", name="고객 찾기").click()
    if action == "held":  # the newest claim: the held decision and the payment it cites
        page.locator("#claims-title + table a").first.click()
        page.locator("#decisions-title").evaluate("e => e.scrollIntoView()")
    if action == "deliveries":  # the subscription whose endpoint never answers
        page.get_by_role("link", name=WAREHOUSE).click()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPOSITORY / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    receiver = Receiver()
    receiving = start(receiver)
    try:
        with tempfile.TemporaryDirectory() as workdir:
            demo = demo_data(f"sqlite:///{workdir}/demo.db", receiver.url("").rstrip("/"))
            with running_server(demo.url, Path(workdir),
                                settings={"CASEMGMT_WEBHOOK_ALLOW_PRIVATE": "1"}) as server:
                for path in shoot(demo, server.url, args.out):
                    print(path.relative_to(REPOSITORY) if path.is_relative_to(REPOSITORY)
                          else path)
    finally:
        stop(receiver, receiving)


if __name__ == "__main__":
    main()
