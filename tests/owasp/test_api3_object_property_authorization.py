"""OWASP API3:2023 Broken Object Property Level Authorization — clients set only the properties
an operation takes, and see only the properties their role may see.

Mass assignment: a property the server owns (a claim's version, status, assignee, flags; a
decision's status, decider, proposer) sent in a body is refused with 400 and nothing is
written — in intake and decisions by name, and in every body the document describes.
Exposure: an auditor's answers from every endpoint the auditor may read carry the customer
masked (김*수, 010-****-5678, k***@example.com), never the name, phone or e-mail as given.
"""
from __future__ import annotations

import pytest

from tests.builders import an_intake
from tests.http import CLAIMS, a_problem, writes_nothing
from tests.owasp.build import body_for, path_values, query_for, send

pytestmark = pytest.mark.own_store(
    "Whole-table checks (nothing stored, rows in the log or the views): a store of its own.")

NAME, PHONE, EMAIL = "김민수", "010-1234-5678", "kim@example.com"
UNMASKED = (NAME, PHONE, "1234-5678", "01012345678", EMAIL)
SERVER_OWNED_CLAIM = {"id": "c-1", "version": 7, "status": "closed", "assignee": "someone",
                      "priority": "urgent", "flags": ["vip"], "closed_at": "2026-11-20T10:00:00Z",
                      "reopen_count": 0, "filed_by": "someone", "deadlines": {}}
SERVER_OWNED_DECISION = {"id": "d-9", "status": "approved", "decided_by": "someone",
                         "proposed_by": "someone", "approved": True}


@pytest.mark.parametrize("field", list(SERVER_OWNED_CLAIM))
def test_intake_takes_no_property_the_server_owns(api, field):
    body = {**an_intake(), field: SERVER_OWNED_CLAIM[field]}

    with writes_nothing(api):
        response = api.post(CLAIMS, body, api.team.agent)

    assert field in a_problem(response, 400, "unknown-field")["errors"]


def test_intake_takes_no_unknown_property_of_the_customer_either(api):
    customer = {**an_intake()["customer"], "masked": False, "verified": True}

    with writes_nothing(api):
        response = api.post(CLAIMS, an_intake(customer=customer), api.team.agent)

    assert {"customer.masked", "customer.verified"} <= a_problem(response, 400)["errors"].keys()


@pytest.mark.parametrize("field", list(SERVER_OWNED_DECISION))
def test_a_decision_takes_no_property_the_server_owns(api, world, field):
    body = {"remedy": "coupon", "amount_krw": 10_000, "rationale": "쿠폰",
            field: SERVER_OWNED_DECISION[field]}

    with writes_nothing(api, world.claim):
        response = api.post(f"{CLAIMS}/{world.claim}/decisions", body, api.team.agent)

    assert field in a_problem(response, 400, "unknown-field")["errors"]


def test_no_body_the_document_describes_takes_a_status_or_a_version(api, doc, ops, world):
    with_bodies = [op for op in ops if op.body_schema(doc) is not None]
    assert len(with_bodies) >= 20
    for op in with_bodies:
        schema = op.body_schema(doc)
        assert schema.get("additionalProperties") is False, f"{op} takes any property"
        sender = getattr(api.team, op.roles[0])
        body = {**body_for(doc, op, sender, world), "status": "closed", "version": 99}
        with writes_nothing(api):
            response = send(api, op, sender, url=op.url(path_values(op, sender, world)),
                            body=body)
        assert set(a_problem(response, 400, "unknown-field")["errors"]) == {"status", "version"}


def test_an_auditor_sees_the_customer_masked_from_every_endpoint(api, doc, ops, world):
    auditor = api.team.auditor
    extra_reads = [f"{CLAIMS}/{world.closed}?version=1",
                   f"{CLAIMS}/{world.closed}?as_of=2026-11-20T10:00:00%2B09:00",
                   "/api/v1/follow-ups/happy-calls?due_before=2026-11-20T10:00:00%2B09:00"]
    reads = [(op.url(path_values(op, auditor, world, world.closed)), query_for(op))
             for op in ops if op.method == "get" and not op.public and "auditor" in op.roles]
    assert len(reads) >= 8
    bodies = {}
    for url, query in reads + [(url, {}) for url in extra_reads]:
        response = api.get(url, auditor, query_string=query or None)
        assert response.status_code == 200, (url, response.get_json())
        bodies[url] = response.get_data(as_text=True)
        shown = [value for value in UNMASKED if value in bodies[url]]
        assert not shown, f"{shown} unmasked in {url}"

    claim = api.get(f"{CLAIMS}/{world.closed}", auditor).get_json()
    assert claim["customer"] | {"tier": None, "vulnerable": None} == {
        "id": "C-1001", "name": "김*수", "phone": "010-****-5678", "email": "k***@example.com",
        "tier": None, "vulnerable": None}
    assert "김*수" in bodies["/api/v1/follow-ups/happy-calls?due_before=2026-11-20T10:00:00%2B09:00"]
    assert NAME in api.get(f"{CLAIMS}/{world.closed}", api.team.supervisor).get_data(as_text=True)
