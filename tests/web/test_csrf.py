"""CSRF: every state-changing request of the workspace needs the session's CSRF token (form
field or X-CSRF-Token header) and comes from this origin; without it the answer is 403 and
nothing is written — no event, no session change."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from casemgmt.application.clock import KST
from casemgmt.web.commands import COMMANDS
from tests.evidence.files import png

pytestmark = pytest.mark.own_store(
    "These tests count the store's web sessions (and check that no event at all was written): a "
    "store of their own, so no other test's sessions are counted.")

VALID_BODIES = {
    "/sign-out": {},
    "/intake": {"channel": "phone", "category": "delivery", "customer.id": "C-9",
                "customer.name": "박서연", "summary": "배송 지연"},
    "/assignment": {"assignee": "{agent}"},
    "/responses": {"message": "확인 중입니다", "channel": "phone"},
    "/notes": {"text": "메모"},
    "/fact-checks": {"vendor.id": "M-9", "vendor.kind": "merchant", "question": "영업일?"},
    "/answer": {"finding": "confirmed"},
    "/cancellation": {"reason": "불필요"},
    "/decisions": {"remedy": "apology", "amount_krw": "0", "rationale": "사과드립니다"},
    "/decisions/standard": {"remedy": "refund", "amount_krw": "89,000"},  # the preview
    "/approval": {"approved": "true"},
    "/escalations": {"agency": "kca", "agency_reference": "K-2", "received_at": "2026-11-20T09:00"},
    "/stage": {"stage": "settlement_recommended"},
    "/replies": {"message": "회신"},
    "/outcome": {"outcome": "settled"},
    "/extension": {"days": "30", "reason": "시험검사 의뢰"},
    "/closure": {"resolution": "resolved"},
    "/reopening": {"reason": "재문의"},
    "/satisfaction": {"score": "9", "via": "survey"},
    "/abuse-reports": {"kind": "threat"},
    "/selections": {"claim_id": "x", "gift": "꽃", "letter_by": "팀장"},
    "/attachments": {"kind": "photo"},  # and a file (state_changing_urls)
    "/vendor-link": {},
    "/revocation": {},
    "/customers/search": {"by": "phone", "q": "010-1234-5678"},  # web/customers.py
    "/webhooks": {"url": "https://hooks.example.com/casemgmt", "events": "*"},  # web/webhooks.py
    "/pause": {}, "/resume": {}, "/delete": {}, "/redeliveries": {"from_position": "1"},
}
PANEL_COMMANDS = 3  # web/evidence.py: upload a file, make a vendor link, revoke it


@pytest.fixture
def busy_claim(workspace):
    """A claim with something of every part in play: an open fact check, a pending decision
    of the agent's, an open agency track."""
    app, team = workspace.services.casemgmt, workspace.team
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    app.request_fact_check(team.agent.actor, claim_id, vendor_id="M-9", vendor_kind="merchant",
                           question="휴업이었나요?")
    app.propose_decision(team.agent.actor, claim_id, remedy="refund", amount_krw=89_000,
                         rationale="휴업으로 이용하지 못함")
    app.escalate(team.agent.actor, claim_id, agency="kca", agency_reference="K-1",
                 received_at=datetime(2026, 11, 20, 9, tzinfo=KST))
    workspace.services.projections.wait_for(workspace.last_position())
    return claim_id


def state_changing_urls(workspace, claim_id: str) -> list[tuple[str, dict]]:
    web = workspace.app.extensions["casemgmt.web"]
    urls = []
    for rule in web.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule == "/sign-in":
            continue
        url = (rule.rule.replace("<claim_id>", claim_id).replace("<fact_check_id>", "fc-1")
               .replace("<decision_id>", "d-1").replace("<escalation_id>", "e-1")
               .replace("<month>", "2026-11"))
        key = next(k for k in VALID_BODIES if url.endswith(k))
        body = {k: v.replace("{agent}", workspace.team.agent.id)
                for k, v in VALID_BODIES[key].items()}
        if key == "/attachments":
            body["file"] = (png("증거"), "증거.png")
        urls.append((url, {**body, "version": str(workspace.claim(claim_id).version)}))
    return urls


def test_every_state_change_without_the_csrf_token_is_refused_and_writes_nothing(
        workspace, busy_claim):
    desk = workspace.desk(workspace.team.supervisor)
    before, sessions = workspace.last_position(), workspace.sessions()
    urls = state_changing_urls(workspace, busy_claim)

    answers = {url: (desk.post(url, body, csrf="").status,
                     desk.post(url, body, csrf="not-the-token").status) for url, body in urls}

    # the commands, the evidence panel's, intake, sign-out, S&D selection; the customer
    # look-up; a webhook added, paused, resumed, deleted, redelivered; the decision form's
    # preview
    assert len(urls) == len(COMMANDS) + PANEL_COMMANDS + 3 + 1 + 5 + 1
    assert {url: codes for url, codes in answers.items() if codes != (403, 403)} == {}
    assert workspace.last_position() == before
    assert workspace.sessions() == sessions


def test_the_csrf_token_in_the_header_is_accepted_too(workspace, busy_claim):
    desk = workspace.desk(workspace.team.agent)
    version = str(workspace.claim(busy_claim).version)

    answer = desk.post(f"/claims/{busy_claim}/notes", {"text": "헤더로 보낸 토큰", "version": version},
                       csrf="", headers={"X-CSRF-Token": desk.csrf})

    assert answer.status == 303
    assert workspace.claim(busy_claim).notes[-1].text == "헤더로 보낸 토큰"


def test_a_form_posted_from_another_site_is_refused_even_with_the_token(workspace, busy_claim):
    desk = workspace.desk(workspace.team.agent)
    before = workspace.last_position()

    answers = [desk.post(f"/claims/{busy_claim}/notes", {"text": "x"},
                         headers={"Origin": "https://evil.example"}),
               desk.post(f"/claims/{busy_claim}/notes", {"text": "x"},
                         headers={"Sec-Fetch-Site": "cross-site"})]

    assert [a.status for a in answers] == [403, 403]
    assert workspace.last_position() == before


def test_each_session_has_its_own_csrf_token(workspace):
    first = workspace.desk(workspace.team.agent)
    second = workspace.desk(workspace.team.agent)

    answer = second.post("/sign-out", csrf=first.csrf)

    assert first.csrf != second.csrf and re.fullmatch(r"[\w-]{40,}", first.csrf)
    assert answer.status == 403
    assert len(workspace.sessions()) == 2
