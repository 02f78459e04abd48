"""Intake: what a filed claim records, which values are refused, and who may file."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from casemgmt.domain.errors import InvalidCommand, NotPermitted
from casemgmt.domain.values import Order
from tests.application.expect import all_stored_bytes, refused
from tests.builders import a_customer, a_filed_claim


def file(app, actor, **overrides):
    values = dict(channel="board", category="refund_delay", customer=a_customer(),
                  order=Order(id="O-501", merchant_id="M-3", amount_krw=42_000),
                  summary="환불이 2주째 안 들어왔어요", description=None, received_at=None)
    values.update(overrides)
    return app.file_claim(actor, **values)


def test_a_filed_claim_records_the_intake_as_given(app, team, reread):
    claim = a_filed_claim(app, team.agent, channel="chat", category="merchant_service")

    stored = reread(claim.id)

    assert stored.version == 1
    assert stored.status == "new"
    assert (stored.channel, stored.category) == ("chat", "merchant_service")
    assert stored.customer == a_customer()
    assert stored.order == Order(id="O-77", merchant_id="M-9", amount_krw=89_000)
    assert stored.assignee is None and stored.first_response_at is None
    assert stored.priority == "normal" and stored.flags == []
    assert stored.filed_by == team.agent.id


def test_korean_text_round_trips_unchanged_through_the_database(app, team, reread):
    customer = a_customer(name="김민수", email="김민수@예시.한국")

    claim = file(app, team.agent, customer=customer, summary="색상이 사진과 달라요 — 😢 ‘베이지’",
                 description="상세페이지 사진은 베이지인데\n받은 건 회색입니다.")

    stored = reread(claim.id)
    assert stored.customer.name == "김민수"
    assert stored.customer.email == "김민수@예시.한국"
    assert stored.summary == "색상이 사진과 달라요 — 😢 ‘베이지’"
    assert stored.description == "상세페이지 사진은 베이지인데\n받은 건 회색입니다."


def test_received_at_defaults_to_now(app, team, clock):
    claim = file(app, team.agent, received_at=None)

    assert claim.received_at == clock.now()
    assert claim.filed_at == clock.now()


def test_a_board_post_from_last_night_keeps_its_own_received_time(app, team, clock, reread):
    last_night = clock.now() - timedelta(hours=13)

    claim = file(app, team.agent, channel="board", received_at=last_night)

    assert reread(claim.id).received_at == last_night


def test_received_at_a_few_minutes_ahead_is_tolerated_as_clock_drift(app, team, clock):
    drifting_phone = clock.now() + timedelta(minutes=3)

    claim = file(app, team.agent, received_at=drifting_phone)

    assert claim.received_at == drifting_phone


def test_received_at_in_the_future_is_refused(app, team, clock):
    with refused(InvalidCommand, "received_at.future"):
        file(app, team.agent, received_at=clock.now() + timedelta(hours=1))


def test_received_at_without_an_offset_is_refused(app, team):
    with refused(InvalidCommand, "received_at.offset") as caught:
        file(app, team.agent, received_at=datetime(2026, 11, 20, 9, 0))

    assert caught.value.field == "received_at"


@pytest.mark.parametrize("field, value, rule", [
    ("channel", "fax", "channel.unknown"),
    ("channel", "PHONE", "channel.unknown"),
    ("category", "weather", "category.unknown"),
    ("category", None, "category.unknown"),
])
def test_unknown_channel_or_category_is_refused(app, team, field, value, rule):
    with refused(InvalidCommand, rule):
        file(app, team.agent, **{field: value})


@pytest.mark.parametrize("customer_change, rule", [
    (dict(tier="gold"), "customer.tier.unknown"),
    (dict(vulnerable=["child"]), "customer.vulnerable.unknown"),
    (dict(name="   "), "customer.name.required"),
    (dict(name=""), "customer.name.required"),
    (dict(id=" "), "customer.id.required"),
])
def test_invalid_customer_is_refused(app, team, customer_change, rule):
    with refused(InvalidCommand, rule):
        file(app, team.agent, customer=a_customer(**customer_change))


@pytest.mark.parametrize("summary", ["", "   ", "\n\t", None])
def test_blank_summary_is_refused(app, team, summary):
    with refused(InvalidCommand, "summary.required"):
        file(app, team.agent, summary=summary)


@pytest.mark.parametrize("order, rule", [
    (Order(id=" "), "order.id.required"),
    (Order(id="O-1", amount_krw=-1), "order.amount_krw.invalid"),
    (Order(id="O-1", amount_krw=1.5), "order.amount_krw.invalid"),
])
def test_invalid_order_is_refused(app, team, order, rule):
    with refused(InvalidCommand, rule):
        file(app, team.agent, order=order)


def test_an_order_is_optional(app, team, reread):
    claim = file(app, team.agent, order=None, category="membership")

    assert reread(claim.id).order is None


def test_a_refused_intake_stores_nothing(app, team):
    before = len(all_stored_bytes(app))

    with pytest.raises(InvalidCommand):
        file(app, team.agent, summary=" ")

    assert len(all_stored_bytes(app)) == before


def test_a_supervisor_may_file_a_claim(app, team):
    claim = file(app, team.supervisor)

    assert claim.filed_by == team.supervisor.id


@pytest.mark.parametrize("role", ["auditor", "scheduler", "admin"])
def test_only_agents_and_supervisors_may_file(app, team, role):
    with refused(NotPermitted, "role.casework"):
        file(app, getattr(team, role))


def test_a_vulnerable_customer_is_flagged_and_handled_first(app, team):
    senior = a_customer(vulnerable=["visually_impaired", "senior", "senior"])

    claim = file(app, team.agent, customer=senior)

    assert claim.customer.vulnerable == ["senior", "visually_impaired"]
    assert claim.flags == ["vulnerable_customer"]
    assert claim.priority == "high"


def test_a_vip_customer_is_handled_first(app, team):
    claim = file(app, team.agent, customer=a_customer(tier="vip"))

    assert claim.priority == "high"


def test_the_callers_customer_object_is_not_shared_with_the_claim(app, team):
    customer = a_customer()

    claim = file(app, team.agent, customer=customer)
    customer.vulnerable.append("senior")

    assert claim.customer.vulnerable == []
    assert replace(customer, vulnerable=[]) == claim.customer
