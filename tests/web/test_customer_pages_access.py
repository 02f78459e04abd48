"""The customer look-up, the customer 360, the duplicate hold, the export and the webhook
admin page through the Flask test client (the browser tests are in test_customer_pages.py and
test_webhook_pages.py): what each role gets, what is logged, what never lands in a URL."""
from __future__ import annotations

import re
import uuid


def someone() -> dict:
    """A customer of this test alone (the store is shared): own id, phone, e-mail, order."""
    tag = uuid.uuid4().hex[:8]
    digits = str(int(tag, 16) % 10**8).zfill(8)
    return {"customer": {"id": f"C-{tag}", "name": f"김민수{tag}", "phone":
                         f"010-{digits[:4]}-{digits[4:]}", "email": f"Kim.{tag}@Example.com",
                         "tier": "regular", "vulnerable": []},
            "order": {"id": f"O-{tag}", "merchant_id": "M-9", "amount_krw": 89_000}}


def test_a_phone_in_another_format_finds_the_customer_and_the_criterion_stays_out_of_urls(
        workspace, access_rows):
    who = someone()
    claim_id = workspace.file_claim(**who)
    agent = workspace.team.agent
    desk = workspace.desk(agent)
    digits = who["customer"]["phone"].replace("-", "")
    logged_before = len(access_rows())

    found = desk.post("/customers/search", {"by": "phone", "q": f"+82 {digits[1:3]} "
                                            f"{digits[3:7]} {digits[7:]}"})

    assert found.status == 200
    assert who["customer"]["name"] in found.html and who["customer"]["phone"] in found.html
    assert f'href="/customers/{who["customer"]["id"]}"' in found.html
    assert digits not in found.html.split("<main")[0]  # not echoed into the header
    assert access_rows()[logged_before:] == [
        (agent.id, "agent", "POST", "/customers/search", claim_id, who["customer"]["id"])]


def test_the_look_up_box_is_on_every_page_for_the_roles_that_may_look_up(workspace):
    claim_id = workspace.file_claim()
    agent = workspace.desk(workspace.team.agent)
    admin = workspace.desk(workspace.team.admin)

    for path in ("/", f"/claims/{claim_id}", "/dashboards/voc", "/customers"):
        html = agent.get(path).html
        assert 'role="search"' in html and 'action="/customers/search"' in html
        assert 'method="post" action="/customers/search"' in html
    assert 'action="/customers/search"' not in admin.get("/").html


def test_an_auditor_finds_masked_customers_and_a_masked_360(workspace):
    who = someone()
    workspace.file_claim(**who)
    auditor = workspace.desk(workspace.team.auditor)

    found = auditor.post("/customers/search", {"by": "email", "q": who["customer"]["email"]
                                               .upper()})
    page = auditor.get(f"/customers/{who['customer']['id']}")

    name = who["customer"]["name"]
    masked_name = name[0] + "*" * (len(name) - 2) + name[-1]
    for html in (found.html, page.html):
        assert masked_name in html and "010-****-" in html
        assert name not in html and who["customer"]["phone"] not in html
        assert who["customer"]["email"] not in html


def test_the_360_shows_claims_decisions_and_the_approved_total_and_logs_each_claim(
        workspace, access_rows):
    who = someone()
    first = workspace.file_claim(**who)
    second = workspace.file_claim(**{**who, "order": {**who["order"], "id": who["order"]["id"]
                                                      + "-2"}})
    workspace.take(first)
    app, agent = workspace.services.casemgmt, workspace.team.agent
    app.propose_decision(agent.actor, first, remedy="coupon", amount_krw=10_000, rationale="사과")
    supervisor = workspace.team.supervisor
    desk = workspace.desk(supervisor)
    logged_before = len(access_rows())

    page = desk.get(f"/customers/{who['customer']['id']}")

    assert page.status == 200
    assert who["customer"]["name"] in page.html
    assert f'href="/claims/{first}"' in page.html and f'href="/claims/{second}"' in page.html
    assert "10,000원" in page.html and "쿠폰" in page.html
    assert sorted(access_rows()[logged_before:]) == sorted(
        (supervisor.id, "supervisor", "GET", "/customers/{customer_id}", claim_id,
         who["customer"]["id"]) for claim_id in (first, second))


def test_an_erased_customer_answers_410_and_is_no_longer_found(workspace, access_rows,
                                                               refused_rows):
    who = someone()
    workspace.file_claim(**who)
    erased = workspace.app.test_client().post(
        f"/api/v1/customers/{who['customer']['id']}/erasure", json={"reason": "고객 요청"},
        headers=workspace.team.admin.auth)
    assert erased.status_code == 200, erased.get_json()
    desk = workspace.desk(workspace.team.agent)
    logged_before = len(access_rows())

    page = desk.get(f"/customers/{who['customer']['id']}")
    found = desk.post("/customers/search", {"by": "name", "q": who["customer"]["name"]})

    assert page.status == 410 and "파기되었습니다" in page.html
    assert who["customer"]["name"] not in page.html
    assert found.status == 200 and "일치하는 고객이 없습니다" in found.html
    agent = workspace.team.agent
    assert access_rows()[logged_before:] == [  # the refusal, as the API logs its 410
        (agent.id, "agent", "GET", "/customers/{customer_id}", "*", who["customer"]["id"])]
    assert refused_rows()[-1] == access_rows()[-1]


def test_an_unknown_customer_is_404_and_an_empty_look_up_is_refused_in_korean(workspace):
    desk = workspace.desk(workspace.team.agent)

    assert desk.get("/customers/C-NOBODY-EVER").status == 404
    refused = desk.post("/customers/search", {"by": "phone", "q": "  "})
    assert refused.status == 422 and "1자 이상" in refused.html


def test_roles_the_api_refuses_get_its_403_and_the_refusal_is_logged(workspace, refused_rows):
    admin = workspace.desk(workspace.team.admin)
    api = workspace.app.test_client().post("/api/v1/customers/search", json={"phone": "010"},
                                           headers=workspace.team.admin.auth)

    assert api.status_code == 403
    assert admin.post("/customers/search", {"by": "phone", "q": "010"}).status == 403
    assert admin.get("/customers/C-1001").status == 403
    assert refused_rows()[-1] == (workspace.team.admin.id, "admin", "GET",
                                  "/customers/{customer_id}", "*", "C-1001")


def test_a_second_payment_on_the_same_order_shows_the_hold_on_the_claim_and_in_the_inbox(
        workspace):
    who = someone()
    first = workspace.file_claim(**who)
    second = workspace.file_claim(**who)
    app, agent = workspace.services.casemgmt, workspace.team.agent
    for claim_id in (first, second):
        workspace.take(claim_id)
        app.propose_decision(agent.actor, claim_id, remedy="coupon", amount_krw=5_000,
                             rationale="사과의 뜻으로 쿠폰")
    supervisor = workspace.desk(workspace.team.supervisor)

    claim_page = supervisor.get(f"/claims/{second}")
    inbox = supervisor.get("/approvals")
    first_page = supervisor.get(f"/claims/{first}")

    for html in (claim_page.html, inbox.html):
        assert "중복 보상 방지" in html
        assert f'<a href="/claims/{first}">클레임 {first}</a> 결정 d-1 · 5,000원' in html
    assert "중복 보상 방지" not in first_page.html


def test_the_export_button_shows_for_the_roles_the_api_lets_export_and_the_csv_has_a_bom(
        workspace, access_rows):
    who = someone()
    claim_id = workspace.file_claim(**who)
    supervisor, agent = workspace.team.supervisor, workspace.team.agent
    api = workspace.app.test_client().get("/api/v1/claims/export.csv", headers=agent.auth)
    desk = workspace.desk(supervisor)

    queue = desk.get("/?received_from=2020-01-01&status=new")
    agent_desk = workspace.desk(agent)
    answer = desk.get("/claims/export.csv?received_from=2020-01-01")

    assert api.status_code == 403
    assert 'href="/claims/export.csv?received_from=2020-01-01"' in queue.html
    assert "CSV로 내보내기" not in agent_desk.get("/").html
    assert agent_desk.get("/claims/export.csv").status == 403
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert answer.html.startswith("\ufeff")
    assert claim_id in answer.html and who["customer"]["phone"] not in answer.html
    assert (supervisor.id, "supervisor", "GET", "/claims/export.csv", claim_id,
            who["customer"]["id"]) in access_rows()


def test_an_export_period_out_of_order_is_refused_in_korean(workspace):
    answer = workspace.desk(workspace.team.supervisor).get(
        "/claims/export.csv?received_from=2026-03-01&received_to=2026-01-01")

    assert answer.status == 422 and "접수일 (까지)" in answer.html


def test_the_next_page_is_posted_with_its_cursor_and_a_forged_cursor_is_refused(workspace):
    tag = uuid.uuid4().hex[:8]
    for n in range(51):  # one more than a page, all with one name
        workspace.file_claim(customer={"id": f"C-{tag}-{n:02d}", "name": f"동명이인{tag}",
                                       "phone": "010-1111-2222", "tier": "regular",
                                       "vulnerable": []})
    desk = workspace.desk(workspace.team.agent)

    first = desk.post("/customers/search", {"by": "name", "q": f"동명이인{tag}"})
    cursor = re.search(r'name="cursor" value="([^"]+)"', first.html).group(1)
    second = desk.post("/customers/search", {"by": "name", "q": f"동명이인{tag}",
                                             "cursor": cursor})
    forged = desk.post("/customers/search", {"by": "name", "q": f"동명이인{tag}",
                                             "cursor": "bm90LW9ucw"})

    assert "찾은 고객 50명 (다음 쪽 있음)" in first.html and f"C-{tag}-49" in first.html
    assert "찾은 고객 1명" in second.html and f"C-{tag}-50" in second.html
    assert f"C-{tag}-50" not in first.html and 'name="cursor"' not in second.html
    assert forged.status == 422 and "처음부터 다시 찾으세요" in forged.html
