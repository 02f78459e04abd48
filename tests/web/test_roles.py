"""Roles see and do in the workspace exactly what the API allows them: an agent cannot reach
another agent's claim commands (403, as the API), an auditor sees masked customers and no
command forms, an admin sees no claims."""
from __future__ import annotations

import re

from tests.web.test_csrf import busy_claim, state_changing_urls  # noqa: F401  (fixture)

COMMAND_FORM = re.compile(r'<form method="post" action="/claims/[^"]+"')


def test_an_agent_gets_the_apis_403_for_every_command_on_another_agents_claim(
        workspace, busy_claim):  # noqa: F811
    other = workspace.desk(workspace.team.other_agent)
    before = workspace.last_position()
    commands = [(url, body) for url, body in state_changing_urls(workspace, busy_claim)
                if url.startswith("/claims/")
                and not url.endswith("/decisions/standard")]  # the preview writes nothing

    answers = {url: other.post(url, body).status for url, body in commands}
    api = workspace.app.test_client().post(
        f"/api/v1/claims/{busy_claim}/responses", json={"message": "x", "channel": "phone"},
        headers=workspace.team.other_agent.auth)

    assert set(answers.values()) == {403} and len(answers) == 17 + 3  # + the evidence panel's
    assert api.status_code == 403
    assert workspace.last_position() == before


def test_an_agent_sees_no_command_forms_on_another_agents_claim(workspace):
    claim_id = workspace.file_claim()
    workspace.take(claim_id)

    page = workspace.desk(workspace.team.other_agent).get(f"/claims/{claim_id}")

    assert page.status == 200
    assert COMMAND_FORM.findall(page.html) == []
    assert "내게 배정된 클레임만 변경할 수 있습니다" in page.html


def test_an_agent_may_take_an_unassigned_claim_and_then_work_it(workspace):
    claim_id = workspace.file_claim()
    agent = workspace.desk(workspace.team.agent)
    offered = COMMAND_FORM.findall(agent.get(f"/claims/{claim_id}").html)

    taken = agent.command(claim_id, "/assignment", {"assignee": workspace.team.agent.id,
                                                    "form_id": "take"})

    assert offered == [f'<form method="post" action="/claims/{claim_id}/assignment"']
    assert taken.status == 303
    assert workspace.claim(claim_id).assignee == workspace.team.agent.id
    assert len(COMMAND_FORM.findall(agent.get(f"/claims/{claim_id}").html)) >= 6


def test_an_auditor_sees_masked_customers_and_no_forms(workspace):
    claim_id = workspace.file_claim()
    auditor = workspace.desk(workspace.team.auditor)

    pages = [auditor.get(path) for path in ("/", f"/claims/{claim_id}",
                                            f"/claims/{claim_id}/history?version=1")]

    assert "010-****-5678" in pages[1].html and "010-****-5678" in pages[2].html
    for page in pages:
        assert page.status == 200
        assert "김*수" in page.html
        assert "김민수" not in page.html and "010-1234-5678" not in page.html
        assert "kim@example.com" not in page.html
        assert COMMAND_FORM.findall(page.html) == []
        assert re.findall(r'<form method="post" action="([^"]+)"', page.html) == [
            "/customers/search", "/sign-out"]  # the customer look-up box (read-only), sign-out


def test_an_auditor_posting_a_command_is_refused_as_the_api_refuses_the_role(workspace):
    claim_id = workspace.file_claim()
    before = workspace.last_position()

    answer = workspace.desk(workspace.team.auditor).command(claim_id, "/notes", {"text": "x"})

    assert answer.status == 403
    assert "감사 역할은 이 화면이나 작업을 쓸 수 없습니다" in answer.html
    assert workspace.last_position() == before


def test_an_admin_sees_no_claims(workspace):
    claim_id = workspace.file_claim()
    admin = workspace.desk(workspace.team.admin)

    home, claim, history = (admin.get("/"), admin.get(f"/claims/{claim_id}"),
                            admin.get(f"/claims/{claim_id}/history"))

    assert home.status == 200 and claim_id not in home.html and "김민수" not in home.html
    assert "클레임과 고객 정보를 볼 수 없습니다" in home.html
    assert (claim.status, history.status) == (403, 403)
    assert "김민수" not in claim.html + history.html
    assert admin.get("/dashboards/voc").status == 200


def test_the_navigation_offers_each_role_the_pages_the_api_admits_it_to(workspace):
    team = workspace.team

    def nav(member) -> list[str]:
        html = workspace.desk(member).get("/").html
        return re.findall(r'<li><a href="([^"]+)"', html.split('aria-label="주 메뉴"')[1]
                          .split("</nav>")[0])

    assert nav(team.agent) == ["/", "/intake", "/customers", "/dashboards/authority",
                               "/dashboards/surprise-delight", "/remedies"]
    assert nav(team.supervisor) == ["/", "/intake", "/customers", "/approvals",
                                    "/dashboards/voc", "/dashboards/authority",
                                    "/dashboards/surprise-delight", "/remedies",
                                    "/simulations"]
    assert nav(team.auditor) == ["/", "/customers", "/dashboards/voc", "/dashboards/authority",
                                 "/dashboards/surprise-delight", "/remedies"]
    assert nav(team.admin) == ["/dashboards/voc", "/dashboards/authority", "/webhooks",
                               "/remedies", "/simulations"]
