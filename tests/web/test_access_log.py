"""Workspace pages that show personal data write the PII access log as the API does: one row
per claim shown, naming the staff member, their role and the page's route template; a page
shown again with a refusal is a disclosure too; pages without personal data write nothing."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.own_store(
    "The queue and the inbox log every claim they show: a store with this test's claims alone.")


def test_each_page_showing_a_customer_logs_who_saw_which_claim_through_which_page(
        workspace, access_rows):
    claim_id = workspace.file_claim()
    supervisor = workspace.team.supervisor
    desk = workspace.desk(supervisor)
    logged_before = len(access_rows())

    for path in ("/", f"/claims/{claim_id}", f"/claims/{claim_id}/history?version=1"):
        assert desk.get(path).status == 200

    assert access_rows()[logged_before:] == [
        (supervisor.id, "supervisor", "GET", endpoint, claim_id, "C-1001")
        for endpoint in ("/", "/claims/{claim_id}", "/claims/{claim_id}/history")]


def test_the_approvals_inbox_logs_the_claims_it_shows(workspace, access_rows):
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    workspace.services.casemgmt.propose_decision(
        workspace.team.agent.actor, claim_id, remedy="refund", amount_krw=89_000,
        rationale="휴업으로 이용하지 못함")
    supervisor = workspace.team.supervisor
    desk = workspace.desk(supervisor)

    page = desk.get("/approvals")

    assert page.status == 200 and "휴업으로 이용하지 못함" in page.html
    assert access_rows()[-1] == (supervisor.id, "supervisor", "GET", "/approvals", claim_id,
                                 "C-1001")


def test_a_claim_page_shown_again_with_a_refusal_is_logged_too(workspace, access_rows):
    claim_id = workspace.file_claim()
    workspace.take(claim_id)
    agent = workspace.team.agent
    desk = workspace.desk(agent)
    desk.get(f"/claims/{claim_id}")
    logged_before = len(access_rows())

    refused = desk.command(claim_id, "/closure", {"resolution": "resolved"})

    assert refused.status == 409 and "김민수" in refused.html
    assert access_rows()[logged_before + 1:] == [
        (agent.id, "agent", "POST", "/claims/{claim_id}/closure", claim_id, "C-1001")]


def test_an_auditors_masked_view_is_logged_like_any_other(workspace, access_rows):
    claim_id = workspace.file_claim()
    auditor = workspace.team.auditor

    workspace.desk(auditor).get(f"/claims/{claim_id}")

    assert access_rows()[-1] == (auditor.id, "auditor", "GET", "/claims/{claim_id}", claim_id,
                                 "C-1001")


def test_pages_without_personal_data_log_nothing(workspace, access_rows):
    workspace.file_claim()
    desk = workspace.desk(workspace.team.supervisor)
    logged_before = len(access_rows())

    for path in ("/dashboards/voc", "/dashboards/authority", "/intake", "/sign-in"):
        desk.get(path)

    assert access_rows()[logged_before:] == []
