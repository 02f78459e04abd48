"""Working a claim through the workspace's forms: intake to closure, decisions within and
beyond authority, a stale form refused, refusals shown next to the field they concern."""
from __future__ import annotations

import re

import pytest

from tests.web.conftest import VERSION

pytestmark = pytest.mark.own_store(
    "The queue's counts and the approvals inbox cover the whole store: a store of their own, so "
    "they show only what these tests filed.")

INTAKE = {"channel": "phone", "category": "merchant_service", "customer.id": "C-1001",
          "customer.name": "김민수", "customer.phone": "010-1234-5678", "customer.tier": "regular",
          "order.id": "O-77", "order.merchant_id": "M-9", "order.amount_krw": "89,000",
          "summary": "레스토랑 이용권: 두 번 방문했는데 모두 휴업",
          "description": "부모님을 모시고 두 번 갔는데 두 번 다 문이 닫혀 있었습니다."}


def field_error(html: str, dom_id: str) -> str:
    match = re.search(rf'<p class="field-error" id="{dom_id}-error">(.*?)</p>', html, re.S)
    assert match, f"no error shown next to {dom_id}"
    assert re.search(rf'id="{dom_id}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*'
                     rf'{dom_id}-error', html), f"{dom_id} is not marked invalid"
    return re.sub(r"<[^>]+>", "", match.group(1))


def test_a_claim_is_worked_from_intake_to_closure_through_the_forms(workspace):
    desk = workspace.desk(workspace.team.agent)

    filed = desk.post("/intake", {"form_id": "intake", **INTAKE})
    claim_id = filed.location.split("/claims/")[1].split("?")[0]
    steps = [
        desk.command(claim_id, "/assignment", {"assignee": workspace.team.agent.id,
                                               "form_id": "take"}),
        desk.command(claim_id, "/responses", {"message": "확인 후 연락드리겠습니다.",
                                              "channel": "phone"}),
        desk.command(claim_id, "/decisions", {"remedy": "coupon", "amount_krw": "10,000",
                                              "rationale": "두 번의 헛걸음에 대한 사과"}),
        desk.command(claim_id, "/closure", {"resolution": "resolved", "summary": "쿠폰 지급"}),
        desk.command(claim_id, "/satisfaction", {"score": "9", "via": "happy_call"}),
    ]

    assert filed.status == 303
    assert [step.status for step in steps] == [303] * 5
    claim = workspace.claim(claim_id)
    assert claim.customer.name == "김민수" and claim.order.amount_krw == 89_000
    assert claim.status.value == "closed" and claim.satisfaction.score == 9
    assert [(d.remedy, d.amount_krw, d.status) for d in claim.decisions] == [
        ("coupon", 10_000, "approved")]
    page = desk.get(steps[-1].location)
    assert "만족도를 기록했습니다." in page.html
    assert all(word in page.html for word in ("접수", "배정", "고객 응답", "보상 결정", "종결",
                                              "만족도 기록"))


def test_a_decision_beyond_the_agents_limit_waits_and_a_supervisor_approves_it_in_the_inbox(
        workspace):
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    agent = workspace.desk(workspace.team.agent)
    supervisor = workspace.desk(workspace.team.supervisor)

    proposed = agent.command(claim_id, "/decisions", {"remedy": "refund", "amount_krw": "89000",
                                                      "rationale": "휴업으로 이용하지 못함"})
    inbox = supervisor.get("/approvals")
    version = re.search(rf'/claims/{claim_id}/decisions/d-1/approval".*?name="version" '
                        rf'value="(\d+)"', inbox.html, re.S).group(1)
    approved = supervisor.post(f"/claims/{claim_id}/decisions/d-1/approval",
                               {"approved": "true", "version": version, "next": "approvals",
                                "form_id": f"approval-d-1-{claim_id}"})

    assert proposed.status == 303
    assert "89,000원" in inbox.html and "휴업으로 이용하지 못함" in inbox.html
    assert "박지은" in inbox.html  # the proposer
    assert approved.status == 303 and approved.location.startswith("/approvals")
    assert workspace.claim(claim_id).decisions[0].status == "approved"
    assert "승인을 기다리는 결정이 없습니다" in supervisor.get(approved.location).html


def test_a_form_read_before_someone_elses_change_is_refused_and_writes_nothing(workspace):
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    agent = workspace.desk(workspace.team.agent)
    read_at = VERSION.search(agent.get(f"/claims/{claim_id}").html).group(1)
    workspace.services.casemgmt.add_note(workspace.team.supervisor.actor, claim_id, "고객 재문의")
    before = workspace.last_position()

    answer = agent.post(f"/claims/{claim_id}/responses", {
        "version": read_at, "message": "환불해 드리겠습니다", "channel": "phone"})

    assert answer.status == 412
    assert "다른 사람이 이 클레임을 변경했습니다" in answer.html
    assert "환불해 드리겠습니다" in answer.html  # what was typed is kept for a deliberate retry
    assert workspace.last_position() == before
    assert f'href="/claims/{claim_id}"' in answer.html


def test_a_refused_command_shows_the_rules_detail_next_to_the_field(workspace):
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    agent = workspace.desk(workspace.team.agent)
    before = workspace.last_position()

    no_money = agent.command(claim_id, "/decisions", {"remedy": "apology", "amount_krw": "5000",
                                                      "rationale": "죄송합니다"})
    no_reason = agent.command(claim_id, "/decisions", {"remedy": "refund", "amount_krw": "1000",
                                                       "rationale": ""})
    not_yet = agent.command(claim_id, "/closure", {"resolution": "resolved"})

    assert no_money.status == 422
    assert "금액을 넣을 수 없습니다" in field_error(no_money.html, "decisions-amount-krw")
    assert no_reason.status == 422
    assert "필수 항목입니다" in field_error(no_reason.html, "decisions-rationale")
    assert not_yet.status == 409 and "고객에게 아직 응답하지 않아" in not_yet.html
    assert workspace.last_position() == before


def test_intake_refusals_are_shown_next_to_the_customer_fields(workspace):
    desk = workspace.desk(workspace.team.agent)

    answer = desk.post("/intake", {**INTAKE, "customer.phone": "전화 없음", "customer.name": ""})

    assert answer.status == 422
    assert "전화번호 형식이 아닙니다" in field_error(answer.html, "intake-customer-phone")
    assert "필수 항목입니다" in field_error(answer.html, "intake-customer-name")
    assert 'value="C-1001"' in answer.html  # what was typed stays


def test_the_decision_form_shows_the_authority_for_this_customers_tier(workspace):
    claim_id = workspace.file_claim(customer={"id": "C-7", "name": "이수진", "tier": "vip"})
    workspace.take(claim_id)

    page = workspace.desk(workspace.team.agent).get(f"/claims/{claim_id}")

    assert re.search(r"30,000원 × 고객 등급 VIP 2.0배\s*= <strong>60,000원</strong>", page.html)
    assert 'data-authority-limit="60000"' in page.html


def test_deadlines_say_the_time_left_in_business_days(workspace):
    claim_id = workspace.file_claim()  # Friday 2026-11-20 10:00; first response due Monday 10:00

    page = workspace.desk(workspace.team.agent).get(f"/claims/{claim_id}")

    assert re.search(r"첫 응답</th>\s*<td><time[^>]*>2026-11-23 \(월\) 10:00</time></td>\s*"
                     r"<td>1영업일 남음", page.html)


def test_the_queue_filters_mine_and_unassigned_and_counts_what_waits(workspace):
    mine, free = workspace.file_claim(), workspace.file_claim(customer={"id": "C-2", "name": "최유리"})
    workspace.take(mine)
    desk = workspace.desk(workspace.team.agent)

    everything, only_mine, unassigned = (desk.get("/"), desk.get("/?assignee=mine"),
                                         desk.get("/?assignee=unassigned"))

    assert mine in everything.html and free in everything.html
    assert mine in only_mine.html and free not in only_mine.html
    assert free in unassigned.html and mine not in unassigned.html
    counts = dict((what, int(n)) for n, what in re.findall(
        r'<span class="count">(\d+)</span>건 <span>([^<]+)</span>', everything.html))
    assert counts == {"내게 배정된 미종결 클레임": 1, "그중 기한 초과": 0, "미배정 신규 클레임": 1}


def test_a_bad_queue_filter_or_cursor_is_explained_not_failed(workspace):
    desk = workspace.desk(workspace.team.agent)

    bad_filter, bad_cursor = desk.get("/?status=lost"), desk.get("/?cursor=not-ours")

    assert bad_filter.status == 422 and "목록에 있는 값을 고르세요" in bad_filter.html
    assert bad_cursor.status == 422 and "다음 쪽 주소가 아닙니다" in bad_cursor.html


def test_a_moment_before_the_claim_was_filed_is_explained(workspace):
    claim_id = workspace.file_claim()

    page = workspace.desk(workspace.team.auditor).get(
        f"/claims/{claim_id}/history?mode=time&as_of=2020-01-01T09:00")

    assert page.status == 422 and "아직 접수되지 않은 클레임입니다" in page.html


def test_the_history_says_whether_the_chain_verifies_and_shows_the_claim_at_a_version(workspace):
    claim_id = workspace.file_claim()
    workspace.take(claim_id)

    page = workspace.desk(workspace.team.supervisor).get(f"/claims/{claim_id}/history?version=1")

    assert page.status == 200
    assert "해시 체인 검증: 이상 없음" in page.html
    assert "버전 1</strong>" in page.html and "최신은 버전 2" in page.html
    assert '<dt>담당자</dt><dd>미배정</dd>' in page.html  # as it stood before the assignment
