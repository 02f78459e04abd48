"""Requests for any documented operation: the path filled in, a minimal valid body, a role."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from casemgmt.application import Casemgmt
from tests.builders import Member, Team, a_customer
from tests.owasp.openapi import Operation, minimal

@dataclass
class World:
    claim: str        # the agent's claim, in hand and answered
    closed: str       # closed in October (a happy call owed, a Surprise & Delight candidate)
    bystander: str    # a staff member whose tokens may be issued and revoked harmlessly
    attachments: dict[str, str] = field(default_factory=dict)  # claim id → a file on it
    webhook: str = ""  # a subscription to a public address (nothing is sent in tests)


PARTS = {"fact_check_id": "fc-1", "decision_id": "d-1", "escalation_id": "e-1",
         "selection_id": "s-1", "month": "2026-10", "name": "happy-calls",
         "customer_id": "C-NOBODY",
         "edition": "FTC-2021-05-25"}  # an edition of the remedy standard (issue 12)


# Operations that answer only a query naming what to find, and the one a minimal request takes
# (the customer of tests/api's intake).
QUERIES = {"/api/v1/customers": {"phone": "010-1234-5678"}}


def query_for(op: Operation) -> dict[str, str]:
    return dict(QUERIES.get(op.path, {}))


def a_claim_with_every_part(app: Casemgmt, team: Team) -> str:
    """The agent's claim with an open fact check fc-1, a decision d-1 pending a supervisor's
    approval and an open agency track e-1: every command has something to act on."""
    agent = team.agent.actor
    claim = app.file_claim(agent, channel="phone", category="refund_delay", customer=a_customer(),
                           order=None, summary="환불 지연")
    claim_id = str(claim.id)
    app.assign(agent, claim_id, agent.id)
    app.respond(agent, claim_id, "확인 중입니다", "phone")
    app.request_fact_check(agent, claim_id, vendor_id="M-9", vendor_kind="merchant",
                           question="환불 처리일?")
    app.propose_decision(agent, claim_id, remedy="refund", amount_krw=89_000, rationale="전액 환불")
    app.escalate(agent, claim_id, agency="kca", agency_reference="KCA-2026-0001",
                 received_at=app.clock.now())
    return claim_id


def path_values(op: Operation, sender: Member, world: World, claim_id: str | None = None
                ) -> dict[str, str]:
    values = {}
    for name in op.path_params():
        if name == "claim_id":
            values[name] = claim_id or world.claim
        elif name == "attachment_id":
            values[name] = world.attachments.get(claim_id or world.claim, "unknown")
        elif name == "staff_id":
            # Reads: one's own (an agent may read only their own ledger). Writes (tokens,
            # revocation): a bystander, so that no one in the team loses their token.
            values[name] = sender.id if op.method == "get" else world.bystander
        elif name == "webhook_id":
            values[name] = world.webhook
        elif name == "customer_id" and op.method == "get":
            values[name] = "C-1001"  # reads: the customer of the world's claims (erasure: nobody)
        else:
            values[name] = PARTS.get(name, "unknown")
    return values


def body_for(doc: dict, op: Operation, sender: Member, world: World) -> Any:
    schema = op.body_schema(doc)
    if schema is None:
        return None if op.method == "get" else {}

    def named(name: str) -> Any:
        return {"assignee": sender.id, "claim_id": world.closed, "letter_by": sender.id}.get(name)

    return minimal(doc, schema, named)


def send(api, op: Operation, sender: Member, *, url: str, body: Any = None,
         headers: dict[str, str] | None = None, query: dict | None = None):
    query = {**query_for(op), **(query or {})}
    if op.method == "get":
        return api.get(url, sender, query_string=query or {}, headers=headers)
    if op.takes_files:  # a small text file, as multipart
        form = {"file": (io.BytesIO("증빙 메모".encode()), "memo.txt", "text/plain")}
        return api.client.open(url, method=op.method.upper(), data=form,
                               content_type="multipart/form-data",
                               headers={**(sender.auth if sender else {}), **(headers or {})},
                               query_string=query or {})
    return api.client.open(url, method=op.method.upper(), json=body,
                           headers={**(sender.auth if sender else {}), **(headers or {})},
                           query_string=query)
