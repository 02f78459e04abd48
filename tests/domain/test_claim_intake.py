"""Intake: what a filed claim records, which values are refused, and who may file."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from casemgmt.domain.claim import Claim
from casemgmt.domain.errors import InvalidCommand, NotPermitted
from casemgmt.domain.values import Order
from tests.builders import (
    AGENT, NOW, READ_ONLY, STAFF, SUPERVISOR, a_claim, a_customer, event_names, replayed,
)
from tests.expect import refused

ORDER = Order(id="O-501", merchant_id="M-3", amount_krw=42_000)


def file(**overrides) -> Claim:
    values = dict(channel="board", category="refund_delay", customer=a_customer(), order=ORDER,
                  summary="환불이 2주째 안 들어왔어요", description=None, received_at=None,
                  by=AGENT, at=NOW)
    values.update(overrides)
    return Claim.file(**values)


def refused_intake(error, rule, **overrides):
    """File with `overrides`; the refusal must name `rule` (no claim, so no event, exists)."""
    with refused(error, rule) as caught:
        file(**overrides)
    return caught


def test_a_filed_claim_records_the_intake_as_given():
    claim = a_claim(channel="chat", category="merchant_service")

    filed = replayed(claim)

    assert filed.version == 1
    assert filed.status == "new"
    assert (filed.channel, filed.category) == ("chat", "merchant_service")
    assert filed.customer == a_customer()
    assert filed.order == Order(id="O-77", merchant_id="M-9", amount_krw=89_000)
    assert filed.summary == "레스토랑 이용권: 두 번 방문했는데 모두 휴업"
    assert filed.description == "부모님을 모시고 두 번 갔는데 두 번 다 문이 닫혀 있었습니다."
    assert filed.assignee is None and filed.first_response_at is None
    assert filed.priority == "normal" and filed.flags == []
    assert (filed.filed_by, filed.filed_at, filed.received_at) == (AGENT.id, NOW, NOW)


def test_filing_records_one_event():
    claim = file()

    assert event_names(claim.collect_events()) == ["Filed"]


def test_a_board_post_from_last_night_keeps_its_own_received_time():
    last_night = NOW - timedelta(hours=13)

    claim = file(channel="board", received_at=last_night)

    assert (replayed(claim).received_at, claim.filed_at) == (last_night, NOW)


def test_received_at_a_few_minutes_ahead_is_tolerated_as_clock_drift():
    drifting_phone = NOW + timedelta(minutes=3)

    claim = file(received_at=drifting_phone)

    assert claim.received_at == drifting_phone


def test_received_at_exactly_five_minutes_ahead_is_still_drift():
    claim = file(received_at=NOW + timedelta(minutes=5))

    assert claim.received_at == NOW + timedelta(minutes=5)


def test_received_at_more_than_five_minutes_ahead_is_the_future():
    refused_intake(InvalidCommand, "received_at.future",
                   received_at=NOW + timedelta(minutes=5, microseconds=1))


def test_received_at_in_the_future_is_refused():
    refused_intake(InvalidCommand, "received_at.future", received_at=NOW + timedelta(hours=1))


def test_received_at_without_an_offset_is_refused():
    caught = refused_intake(InvalidCommand, "received_at.offset",
                            received_at=datetime(2026, 11, 20, 9, 0))

    assert caught.value.field == "received_at"


@pytest.mark.parametrize("field, value, rule", [
    ("channel", "fax", "channel.unknown"),
    ("channel", "PHONE", "channel.unknown"),
    ("category", "weather", "category.unknown"),
    ("category", None, "category.unknown"),
])
def test_unknown_channel_or_category_is_refused(field, value, rule):
    refused_intake(InvalidCommand, rule, **{field: value})


@pytest.mark.parametrize("customer_change, rule", [
    (dict(tier="gold"), "customer.tier.unknown"),
    (dict(vulnerable=["child"]), "customer.vulnerable.unknown"),
    (dict(name="   "), "customer.name.required"),
    (dict(name=""), "customer.name.required"),
    (dict(id=" "), "customer.id.required"),
])
def test_invalid_customer_is_refused(customer_change, rule):
    refused_intake(InvalidCommand, rule, customer=a_customer(**customer_change))


@pytest.mark.parametrize("summary", ["", "   ", "\n\t", None])
def test_blank_summary_is_refused(summary):
    refused_intake(InvalidCommand, "summary.required", summary=summary)


@pytest.mark.parametrize("order, rule", [
    (Order(id=" "), "order.id.required"),
    (Order(id="O-1", amount_krw=-1), "order.amount_krw.invalid"),
    (Order(id="O-1", amount_krw=1.5), "order.amount_krw.invalid"),
])
def test_invalid_order_is_refused(order, rule):
    refused_intake(InvalidCommand, rule, order=order)


def test_an_order_is_optional():
    claim = file(order=None, category="membership")

    assert replayed(claim).order is None


def test_a_supervisor_may_file_a_claim():
    claim = file(by=SUPERVISOR)

    assert claim.filed_by == SUPERVISOR.id


@pytest.mark.parametrize("position", READ_ONLY)
def test_only_agents_and_supervisors_may_file(position):
    refused_intake(NotPermitted, "role.casework", by=STAFF[position])


def test_a_vulnerable_customer_is_flagged_and_handled_first():
    senior = a_customer(vulnerable=["visually_impaired", "senior", "senior"])

    claim = file(customer=senior)

    assert claim.customer.vulnerable == ["senior", "visually_impaired"]
    assert claim.flags == ["vulnerable_customer"]
    assert claim.priority == "high"


def test_a_vip_customer_is_handled_first():
    claim = file(customer=a_customer(tier="vip"))

    assert claim.priority == "high"


def test_the_callers_customer_object_is_not_shared_with_the_claim():
    customer = a_customer()

    claim = file(customer=customer)
    customer.vulnerable.append("senior")

    assert claim.customer.vulnerable == []
    assert replace(customer, vulnerable=[]) == claim.customer
