"""A claim's life through the client that openapi-python-client generates from /openapi.json,
used as its users would use it: no patching, typed models in and out.

Run by tests/api/test_typed_client.py as `python typed_client_journey.py URL TOKEN` with the
generated package `casemgmt_client` on the path (not collected by pytest: it imports it).
"""
from __future__ import annotations

import sys
import uuid

from casemgmt_client import AuthenticatedClient
from casemgmt_client.api.claim_commands import (
    add_note, assign_claim, close_claim, propose_decision, respond_to_customer,
)
from casemgmt_client.api.claims import file_claim, get_claim
from casemgmt_client.models import (
    AssignmentIn, Category, Channel, ClaimOut, ClosureIn, CustomerIn, DecisionIn, DecisionStatus,
    IntakeIn, NoteIn, OrderIn, OrderOut, Remedy, Resolution, ResponseIn, Status, Tier,
)


def main(url: str, token: str, agent_id: str) -> None:
    client = AuthenticatedClient(base_url=url, token=token, raise_on_unexpected_status=True)
    intake = IntakeIn(
        channel=Channel.PHONE, category=Category.MERCHANT_SERVICE,
        customer=CustomerIn(id="C-1001", name="김민수", phone="010-1234-5678", tier=Tier.REGULAR),
        # an order of its own: a refund approved earlier on a shared store's order would hold it
        order=OrderIn(id=f"O-{uuid.uuid4().hex[:8]}", merchant_id="M-9", amount_krw=89_000),
        summary="레스토랑 이용권: 두 번 방문했는데 모두 휴업")

    filed = expect(file_claim.sync(client=client, body=intake))
    claim_id = filed.id
    expect(assign_claim.sync(claim_id, client=client, body=AssignmentIn(assignee=agent_id)))
    expect(respond_to_customer.sync(claim_id, client=client, body=ResponseIn(
        message="불편을 드려 죄송합니다.", channel=Channel.PHONE)))
    expect(add_note.sync(claim_id, client=client, body=NoteIn(text="고객이 오후 통화를 원함")))
    decided = expect(propose_decision.sync(claim_id, client=client, body=DecisionIn(
        remedy=Remedy.COUPON, amount_krw=10_000, rationale="재방문 쿠폰")))
    expect(close_claim.sync(claim_id, client=client, body=ClosureIn(
        resolution=Resolution.RESOLVED, summary="쿠폰 지급"), if_match=f'"{decided.version}"'))
    claim = expect(get_claim.sync(claim_id, client=client))

    assert isinstance(claim.order, OrderOut) and claim.order.amount_krw == 89_000
    assert claim.status is Status.CLOSED and claim.channel is Channel.PHONE
    assert claim.category is Category.MERCHANT_SERVICE and claim.resolution is Resolution.RESOLVED
    assert claim.customer.tier is Tier.REGULAR and claim.customer.name == "김민수"
    assert claim.decisions[0].remedy is Remedy.COUPON
    assert claim.decisions[0].status is DecisionStatus.APPROVED
    assert claim.responses[0].channel is Channel.PHONE and claim.notes[0].channel is None
    assert claim.satisfaction is None and claim.closed_at is not None
    print(f"journey done: {claim_id} {claim.status.value} v{claim.version}")


def expect(answer: object) -> ClaimOut:
    """The claim a command answered with; a problem+json answer fails the journey."""
    assert isinstance(answer, ClaimOut), answer
    return answer


if __name__ == "__main__":
    main(*sys.argv[1:4])
