"""The compiled claim dump gives exactly what the ClaimOut schema gives, for claims in every
state and for every role's view; and the compiled bodies (a claim, a work-queue page, an
access-log page, a history) encoded by orjson are byte for byte what marshmallow and Flask
wrote."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from marshmallow import Schema, fields, post_dump

from casemgmt.api import presenters
from casemgmt.api.audit import AccessPageOut, HistoryOut
from casemgmt.api.jsonsafe import flask_json, jsonsafe
from casemgmt.api.schemas.claims_out import ClaimOut, ClaimPageOut
from casemgmt.api.schemas.customers_out import Customer360Out, CustomerPageOut
from casemgmt.api.schemas.fast_dump import compiled
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.claim import Claim
from casemgmt.domain.deadline_policy import DeadlinePolicy
from casemgmt.domain.values import Actor, Customer, Order, Role

KST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=KST)
AGENT = Actor(id="agent-1", role=Role.AGENT, authority_limit=30_000)
BOSS = Actor(id="boss-1", role=Role.SUPERVISOR, authority_limit=500_000)


def a_claim_with_every_part() -> Claim:
    claim = Claim.file(channel="phone", category="merchant_service",
                       customer=Customer(id="C-1", name="김민수", phone="010-1234-5678",
                                         email="kim@example.com", tier="vip",
                                         vulnerable=["senior"]),
                       order=Order(id="O-7", merchant_id="M-9", amount_krw=89_000),
                       summary="휴업", description="두 번 휴업", received_at=None, by=AGENT, at=NOW)
    claim.assign(AGENT, by=AGENT, at=NOW)
    claim.respond("죄송합니다", "phone", by=AGENT, at=NOW)
    claim.add_note("메모", by=AGENT, at=NOW)
    claim.report_abuse("threat", None, by=AGENT, at=NOW)
    fc = claim.request_fact_check("M-9", "merchant", "휴업?", None, by=AGENT, at=NOW)
    claim.answer_fact_check(fc, "confirmed", "맞음", ["사진"], by=AGENT, at=NOW)
    from casemgmt.domain.authority import AuthorityPolicy
    decision = claim.propose_decision("refund", 89_000, "휴업", by=AGENT, at=NOW,
                                      policy=AuthorityPolicy())
    claim.review_decision(decision, True, "승인", by=BOSS, at=NOW, policy=AuthorityPolicy())
    esc = claim.escalate("kca", "KCA-1", NOW, None, by=AGENT, at=NOW)
    claim.reply_to_agency(esc, "답변", by=AGENT, at=NOW)
    claim.conclude_escalation(esc, "settled", None, by=AGENT, at=NOW)
    claim.close("resolved", "끝", by=AGENT, at=NOW)
    claim.record_satisfaction(9, "happy_call", None, by=AGENT, at=NOW)
    return claim


def a_new_claim() -> Claim:
    return Claim.file(channel="board", category="other",
                      customer=Customer(id="C-2", name="이", tier="regular"), order=None,
                      summary="문의", description=None, received_at=None, by=AGENT, at=NOW)


@pytest.mark.parametrize("build", [a_claim_with_every_part, a_new_claim])
@pytest.mark.parametrize("role", list(Role))
def test_the_compiled_claim_dump_equals_the_schemas(build, role):
    view = presenters.View(actor=Actor(id="x", role=role), now=NOW + timedelta(days=40),
                           policy=DeadlinePolicy(), calendar=BusinessCalendar())
    detail = presenters.claim_detail(build(), view)

    fast = compiled(ClaimOut())(detail)

    assert fast == ClaimOut().dump(detail)
    assert fast["customer"]["id"] in ("C-1", "C-2")


def what_flask_writes(schema, payload) -> bytes:
    """The body the schema's marshmallow dump got from Flask's JSON provider, as casemgmt's
    app sets it (the compiled dump and orjson must write the same bytes)."""
    flask = Flask(__name__)
    flask.json.ensure_ascii = False  # as casemgmt.api.create_app sets it
    with flask.app_context():
        return flask.json.response(schema.dump(payload)).get_data()


def a_claim_with_awkward_text() -> Claim:
    claim = a_new_claim()
    claim.assign(AGENT, by=AGENT, at=NOW)
    claim.add_note('따옴표 " 역슬래시 \\ 줄\n바꿈\t탭 \x1f 제어 \u2028 ☎ 𝄞', by=AGENT,
                   at=NOW + timedelta(microseconds=123_456))
    claim.add_note("UTC", by=AGENT, at=datetime(2026, 11, 20, 1, 0, 0, 7, tzinfo=timezone.utc))
    return claim


@pytest.mark.parametrize("build", [a_claim_with_every_part, a_new_claim,
                                   a_claim_with_awkward_text])
@pytest.mark.parametrize("role", list(Role))
def test_a_claims_body_is_byte_for_byte_what_flask_writes_for_the_schemas_dump(build, role):
    view = presenters.View(actor=Actor(id="x", role=role), now=NOW + timedelta(days=40),
                           policy=DeadlinePolicy(), calendar=BusinessCalendar())
    detail = presenters.claim_detail(build(), view)
    assert flask_json(compiled(ClaimOut(), times_as_is=True)(detail)) == \
        what_flask_writes(ClaimOut(), detail)


def a_queue_page() -> dict:
    """Work-queue items as api/work_queue.py makes them from the view's rows: times as the
    database returns them (UTC from PostgreSQL, +09:00 as written), nulls, masked customers."""
    utc = ZoneInfo("UTC")
    worked = dict(
        id="c-1", version=7, status="in_progress", channel="phone", category="delivery",
        summary='배송 "지연"\n두 번째 줄', priority="urgent", assignee="agent-1",
        received_at=datetime(2026, 11, 20, 1, 0, tzinfo=utc),
        first_response_at=datetime(2026, 11, 20, 1, 30, 0, 250_000, tzinfo=utc),
        closed_at=None,
        customer=dict(id="C-1", name="김*수", phone="010-****-5678", email=None, tier="vip",
                      vulnerable=["senior"]),
        deadlines=dict(first_response=NOW, resolution=NOW + timedelta(days=3), refund=None),
        overdue=["first_response"], flags=["vulnerable_customer", "reopened"])
    new = {**worked, "id": "c-2", "status": "new", "assignee": None, "first_response_at": None,
           "customer": {**worked["customer"], "phone": None, "vulnerable": []},
           "deadlines": dict(first_response=None, resolution=None, refund=None),
           "overdue": [], "flags": []}
    return {"items": [worked, new], "next_cursor": "eyJhIjoxfQ"}


def test_a_queue_page_is_byte_for_byte_what_flask_writes_for_the_schemas_dump():
    page = a_queue_page()
    assert flask_json(compiled(ClaimPageOut(), times_as_is=True)(page)) == \
        what_flask_writes(ClaimPageOut(), page)


def test_an_access_log_page_is_byte_for_byte_what_flask_writes_for_the_schemas_dump():
    shown = dict(id=41, accessed_at=NOW + timedelta(microseconds=5), staff_id="agent-1",
                 staff_role="agent", method="GET", endpoint="/api/v1/claims/<claim_id>",
                 claim_id="c-1", customer_id="C-1", request_id="r-1", client_ip="10.0.0.7",
                 outcome="shown")
    old = {**shown, "id": 42, "customer_id": None, "client_ip": None, "outcome": "refused"}
    page = {"items": [shown, old], "next_cursor": "42"}
    assert flask_json(compiled(AccessPageOut(), times_as_is=True)(page)) == \
        what_flask_writes(AccessPageOut(), page)


def test_a_claims_history_is_byte_for_byte_what_flask_writes_for_the_schemas_dump():
    """The view hands the events' data over as stored (times, dates, ids as objects); the
    bytes are those marshmallow and Flask wrote once jsonsafe had made the data text."""
    filed = {"customer": {"id": "C-1", "name": "김*수", "vulnerable": ["senior"]},
             "received_at": NOW + timedelta(microseconds=7), "due": NOW.date(),
             "link": UUID("12345678-1234-5678-1234-567812345678"), "order": None,
             "summary": '따옴표 "와 줄\n바꿈'}

    def history(data: dict) -> dict:
        events = [
            {"version": 1, "position": 7, "type": "Filed", "occurred_at": NOW,
             "actor": "agent-1", "data": data, "hash": "ab" * 32, "prev_hash": "0" * 64},
            {"version": 2, "position": None, "type": "Assigned", "occurred_at": None,
             "actor": None, "data": None, "hash": "cd" * 32, "prev_hash": "ab" * 32},  # damaged
        ]
        return {"claim_id": "c-1", "events": events, "verified": False, "anchored": None}

    assert flask_json(compiled(HistoryOut(), times_as_is=True)(history(filed))) == \
        what_flask_writes(HistoryOut(), history(jsonsafe(filed)))


def test_a_schema_with_a_dump_hook_is_not_compiled():
    class Hooked(Schema):
        name = fields.String()

        @post_dump
        def _shout(self, data, **kwargs):
            return {**data, "name": data["name"].upper()}

    with pytest.raises(TypeError, match="post_dump"):
        compiled(Hooked())


def a_customer(**more) -> dict:
    """A customer as the directory gives it (with keys no response shows)."""
    return {**dict(customer_id="C-1", name="김*수", phone="010-****-5678", email=None,
                   tier="vip", vulnerable=["senior"], claims=2, open_claims=1,
                   last_received_at=datetime(2026, 11, 20, 1, 0, 0, 31, tzinfo=ZoneInfo("UTC")),
                   shown_claim_id="c-2"), **more}


def test_a_customer_look_up_and_360_are_byte_for_byte_what_flask_writes():
    found = {"items": [a_customer(), a_customer(customer_id="C-2", phone=None, vulnerable=[])],
             "next_cursor": None}
    claims = [dict(id="c-2", status="in_progress", category="delivery", channel="phone",
                   received_at=NOW, closed_at=None),
              dict(id="c-1", status="closed", category="refund_delay", channel="board",
                   received_at=NOW - timedelta(days=40), closed_at=NOW - timedelta(days=30))]
    concessions = [dict(claim_id="c-1", decision_id="d-1", order_id=None, remedy="refund",
                        amount_krw=89_000, status="approved", hold=None, decided_at=NOW)]
    the_360 = {**a_customer(), "claims": claims, "concessions": concessions,
               "concessions_total_krw": 89_000, "abuse_reports": 0, "open_agency_tracks": 1}

    for schema, payload in ((CustomerPageOut(), found), (Customer360Out(), the_360)):
        assert flask_json(compiled(schema, times_as_is=True)(payload)) == \
            what_flask_writes(schema, payload)
