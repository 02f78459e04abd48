"""The admins' webhook page through the Flask test client, on both backends: add (the secret
shown once), refuse a URL the API refuses, pause and resume, delete after a confirmation, a
subscription's deliveries by status; every other role gets the API's 403. The browser test is
test_webhook_pages.py."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest

from casemgmt.api.webhooks import webhooks
from tests.webhooks.conftest import QUICK, receiver  # noqa: F401  (the fixture)

pytestmark = pytest.mark.own_store(
    "Subscriptions of its own: no other test's runner sends to them, nor this one to theirs.")

SECRET = re.compile(r'<p class="secret" id="webhook-secret">([^<]+)</p>')
# Nothing listens on port 9 (discard) here: every attempt fails at once, with an error to show.
DEAD_END = "http://127.0.0.1:9/casemgmt-hook"


@pytest.fixture
def settings(settings):
    return replace(settings, webhook_allow_private=True)  # CASEMGMT_WEBHOOK_ALLOW_PRIVATE=1


def send_what_is_due(workspace) -> None:
    """One round of the delivery runner: fan the new events out, try what is due."""
    runner = webhooks(workspace.app).runner(schedule=QUICK)
    try:
        runner.fan_out()
        runner.step(wait_s=2.0)
    finally:
        runner.close()


def subscriptions(workspace) -> list:
    return webhooks(workspace.app).desk.webhooks(workspace.team.admin.actor)


def test_an_admin_adds_a_subscription_and_sees_its_secret_once(workspace):
    admin = workspace.desk(workspace.team.admin)

    added = admin.post("/webhooks", {"url": "http://127.0.0.1:9/kakao", "events":
                                     ["AgencyDeadlineApproaching", "Closed"],
                                     "description": "알림톡 게이트웨이"})
    listed = admin.get("/webhooks")

    assert added.status == 201
    secret = SECRET.search(added.html).group(1)
    assert len(secret) >= 32 and "지금 한 번만 보입니다" in added.html
    assert secret not in listed.html and secret not in admin.get(
        f"/webhooks/{subscriptions(workspace)[0].id}").html
    [found] = subscriptions(workspace)
    assert (found.url, found.events, found.description) == (
        "http://127.0.0.1:9/kakao", ["AgencyDeadlineApproaching", "Closed"], "알림톡 게이트웨이")
    assert "http://127.0.0.1:9/kakao" in listed.html and "기관 기한 임박, 종결" in listed.html


def test_a_url_the_api_refuses_is_refused_in_korean_and_nothing_is_added(workspace):
    admin = workspace.desk(workspace.team.admin)

    refused = admin.post("/webhooks", {"url": "file:///etc/passwd", "events": ["*"]})
    no_events = admin.post("/webhooks", {"url": "https://hooks.example.com/x"})

    assert refused.status == 422 and "이 주소로는 보낼 수 없습니다" in refused.html
    assert 'value="file:///etc/passwd"' in refused.html  # what the admin typed stays
    assert no_events.status == 422 and 'id="webhook-events-error"' in no_events.html
    assert subscriptions(workspace) == []


def test_an_admin_pauses_resumes_and_deletes_after_confirming(workspace):
    admin = workspace.desk(workspace.team.admin)
    admin.post("/webhooks", {"url": DEAD_END, "events": ["*"]})
    [subscription] = subscriptions(workspace)
    page = f"/webhooks/{subscription.id}"

    paused = admin.post(f"{page}/pause")
    after_pause = admin.get(paused.location)
    state_paused = subscriptions(workspace)[0].state
    resumed = admin.post(f"{page}/resume")
    state_resumed = subscriptions(workspace)[0].state
    confirm = admin.get(f"{page}/delete")
    still_there = len(subscriptions(workspace))
    deleted = admin.post(f"{page}/delete")

    assert paused.status == 303 and state_paused == "paused"
    assert "전송을 일시 중지했습니다" in after_pause.html and "관리자가 일시 중지함" in after_pause.html
    assert '>다시 시작</button>' in after_pause.html
    assert resumed.status == 303 and state_resumed == "active"
    assert confirm.status == 200 and "되돌릴 수 없습니다" in confirm.html and still_there == 1
    assert deleted.status == 303 and subscriptions(workspace) == []
    assert "구독을 삭제했습니다" in admin.get(deleted.location).html
    assert admin.get(page).status == 404


def test_a_subscriptions_deliveries_show_status_attempts_last_error_and_next_retry(workspace):
    admin = workspace.desk(workspace.team.admin)
    admin.post("/webhooks", {"url": DEAD_END, "events": ["Filed"]})
    [subscription] = subscriptions(workspace)
    claim_id = workspace.file_claim()
    send_what_is_due(workspace)
    page = f"/webhooks/{subscription.id}"

    everything = admin.get(page)
    pending = admin.get(f"{page}?status=pending")
    delivered = admin.get(f"{page}?status=delivered")

    [row] = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", everything.html, re.S)
    assert claim_id in row and "접수" in row and "대기" in row
    assert re.search(r"<td>[1-9]\d*회</td>", row)  # attempted
    assert re.search(r"<td>[^<—]{3,}</td>\s*<td><time", row)  # a last error, then the retry
    assert claim_id in pending.html
    assert claim_id not in delivered.html and "전송 기록이 없습니다" in delivered.html


def test_an_admin_sends_a_subscriptions_events_again_from_a_position(workspace,
                                                                    receiver):  # noqa: F811
    admin = workspace.desk(workspace.team.admin)
    admin.post("/webhooks", {"url": receiver.url(), "events": ["Filed"]})
    [subscription] = subscriptions(workspace)
    workspace.file_claim(), workspace.file_claim()
    send_what_is_due(workspace)
    found = webhooks(workspace.app).desk.deliveries_of(workspace.team.admin.actor,
                                                         subscription.id)
    page = f"/webhooks/{subscription.id}"

    sent = admin.post(f"{page}/redeliveries", {"from_position": str(found[-1].position)})
    told = admin.get(sent.location)
    past_the_end = admin.post(f"{page}/redeliveries",
                              {"from_position": str(workspace.last_position() + 1)})
    not_a_number = admin.post(f"{page}/redeliveries", {"from_position": "어제"})
    refused = workspace.desk(workspace.team.supervisor).post(
        f"{page}/redeliveries", {"from_position": str(found[0].position)})

    assert [d.status for d in found] == ["delivered", "delivered"]
    assert 'id="redeliver-from-position"' in admin.get(page).html
    assert sent.status == 303
    assert "1건을 같은 전송 ID로 다시 보냅니다" in told.html  # the second, not the first
    assert [d.status for d in webhooks(workspace.app).desk.deliveries_of(
        workspace.team.admin.actor, subscription.id)] == ["delivered", "pending"]
    assert past_the_end.status == 422 and "지금까지 기록된 이벤트의 위치를 적으세요" in past_the_end.html
    assert not_a_number.status == 422 and 'aria-invalid="true"' in not_a_number.html
    assert refused.status == 403


@pytest.mark.parametrize("role", ["agent", "supervisor", "auditor"])
def test_every_other_role_gets_the_apis_403(workspace, role):
    member = getattr(workspace.team, role)
    desk = workspace.desk(member)
    api = workspace.app.test_client().get("/api/v1/webhooks", headers=member.auth)

    page = desk.get("/webhooks")
    added = desk.post("/webhooks", {"url": DEAD_END, "events": ["*"]})

    assert api.status_code == 403
    assert page.status == 403 and "역할은 이 화면이나 작업을 쓸 수 없습니다" in page.html
    assert added.status == 403 and subscriptions(workspace) == []
    assert 'href="/webhooks"' not in desk.get("/").html
