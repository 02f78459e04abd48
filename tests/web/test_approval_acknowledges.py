"""Approving a held decision from the workspace sends the earlier payments the supervisor was
shown (acknowledged_previous), as an API client would: a payment approved on the same order
after the page was drawn makes the approval a 409 with the reason, not a silent approval."""
from __future__ import annotations

import html
import re

import pytest

from tests.builders import an_order_of_its_own

pytestmark = pytest.mark.own_store(
    "The duplicate-compensation guard reads the order's payments over the whole store.")


def a_claim_on(workspace, order, remedy: str, amount_krw: int) -> str:
    claim_id = workspace.file_claim(order={"id": order.id, "merchant_id": order.merchant_id,
                                           "amount_krw": order.amount_krw})
    workspace.take(claim_id)
    workspace.services.casemgmt.propose_decision(
        workspace.team.agent.actor, claim_id, remedy=remedy, amount_krw=amount_krw,
        rationale="배송 지연에 대한 보상")
    workspace.services.projections.wait_for(workspace.last_position())
    return claim_id


def approval_form(page_html: str, claim_id: str) -> dict[str, str]:
    """The fields of the inbox's form approving this claim's decision, as a browser sends
    them when 승인 is pressed."""
    start = page_html.index(f'action="/claims/{claim_id}/decisions/')
    form = page_html[start:page_html.index("</form>", start)]
    fields = {html.unescape(name): html.unescape(value) for name, value in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)}
    return {**fields, "approved": "true", "note": ""}


def test_the_inbox_approves_with_the_payments_it_showed(workspace):
    order = an_order_of_its_own()
    first = a_claim_on(workspace, order, "coupon", 5_000)
    held = a_claim_on(workspace, order, "points", 3_000)
    desk = workspace.desk(workspace.team.supervisor)

    inbox = desk.get("/approvals")
    sent = approval_form(inbox.html, held)
    answer = desk.post(f"/claims/{held}/decisions/d-1/approval", sent)

    assert (sent["acknowledged_previous.0.claim_id"],
            sent["acknowledged_previous.0.decision_id"]) == (first, "d-1")
    assert answer.status == 303
    decision = workspace.claim(held).decisions[0]
    assert decision.status == "approved"
    assert [(p["claim_id"], p["decision_id"]) for p in decision.acknowledged_previous] == [
        (first, "d-1")]


def test_a_payment_approved_since_the_inbox_was_drawn_refuses_the_approval(workspace):
    order = an_order_of_its_own()
    a_claim_on(workspace, order, "coupon", 5_000)
    held = a_claim_on(workspace, order, "points", 3_000)
    desk = workspace.desk(workspace.team.supervisor)
    inbox = desk.get("/approvals")
    # meanwhile another supervisor approves a third payment on the same order
    third = a_claim_on(workspace, order, "points", 2_000)
    workspace.services.casemgmt.review_decision(workspace.team.supervisor.actor, third, "d-1",
                                                approved=True)

    answer = desk.post(f"/claims/{held}/decisions/d-1/approval", approval_form(inbox.html, held))

    assert answer.status == 409
    assert "이 결정이 제안된 뒤 같은 주문에 다른 지급이 승인되었습니다" in answer.html
    assert workspace.claim(held).decisions[0].status == "pending_approval"
