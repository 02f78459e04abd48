"""What a webhook carries: an allow-list per claim event type, and nothing personal in it."""
from __future__ import annotations

import json
import typing
from datetime import datetime, timedelta, timezone

from casemgmt.domain.claim import CLAIM_EVENT_TOPICS, Claim
from casemgmt.infrastructure.personal_data import CUSTOMER_FIELDS, TEXT_FIELDS
from casemgmt.webhooks.payloads import (
    ALLOWED, EVENT_TYPES, delivery_id, event_data, payload, unknown_types, wanted,
)

KST = timezone(timedelta(hours=9))
AT = datetime(2026, 11, 20, 10, 0, tzinfo=KST)
PERSONAL = {*TEXT_FIELDS, *(f"customer.{name}" for name in CUSTOMER_FIELDS),
            "customer.vulnerable"}
CANARY_FILED = {
    "channel": "phone", "category": "refund_delay", "received_at": AT, "by": "staff-1", "at": AT,
    "customer": {"id": "C-1", "name": "카나리아홍길순", "phone": "010-9137-4628",
                 "email": "zq@example.org", "tier": "vip", "vulnerable": ["senior"]},
    "order": {"id": "O-1", "merchant_id": "M-9", "amount_krw": 89_000},
    "summary": "ZQCANARY 요약", "description": "ZQCANARY 설명",
}


def fields_of(type_name: str) -> set[str]:
    hints = typing.get_type_hints(getattr(Claim, type_name))
    return {name for name, hint in hints.items() if typing.get_origin(hint) is not typing.ClassVar}


def test_every_claim_event_type_has_its_own_allow_list():
    assert len(EVENT_TYPES) == len(CLAIM_EVENT_TOPICS)  # every claim event, none left out
    assert set(ALLOWED) == set(EVENT_TYPES)


def test_each_allowed_field_is_one_the_event_stores():
    for type_name, paths in ALLOWED.items():
        stored = fields_of(type_name)
        for path in paths:
            assert path.split(".")[0] in stored, (type_name, path)


def test_no_allow_list_names_a_field_that_is_sealed_as_personal():
    for type_name, paths in ALLOWED.items():
        assert not set(paths) & PERSONAL, type_name


def test_filed_sends_ids_the_category_and_the_amount_and_nothing_the_customer_told_us():
    data = event_data("Filed", CANARY_FILED)

    assert data == {"channel": "phone", "category": "refund_delay", "customer_id": "C-1",
                    "customer_tier": "vip", "order_id": "O-1", "order_merchant_id": "M-9",
                    "order_amount_krw": 89_000, "received_at": "2026-11-20T10:00:00+09:00"}


def test_a_filed_claim_without_an_order_sends_its_order_fields_empty():
    data = event_data("Filed", {**CANARY_FILED, "order": None})

    assert (data["order_id"], data["order_amount_krw"]) == (None, None)


def test_a_deadline_alert_says_which_deadline_when_and_which_way():
    due = AT + timedelta(days=3)

    approaching = event_data("AgencyDeadlineApproaching", {"deadline": "relief:e-1", "due_at": due})
    missed = event_data("FirstResponseOverdue", {"deadline": "first_response", "due_at": due})

    assert approaching == {"deadline": "relief:e-1", "due_at": due.isoformat(),
                           "kind": "approaching"}
    assert missed["kind"] == "overdue"


def test_an_event_that_no_longer_decodes_is_announced_without_data():
    body = json.loads(payload("sub-1", 7, "Closed", "claim-1", 4, None, event_data("Closed", None)))

    assert body == {"delivery_id": delivery_id("sub-1", 7), "position": 7, "type": "Closed",
                    "claim_id": "claim-1", "version": 4, "occurred_at": None, "data": None}


def test_the_body_has_the_documented_envelope_and_no_canary():
    body = payload("sub-1", 42, "Filed", "claim-1", 1, AT, event_data("Filed", CANARY_FILED))

    assert list(json.loads(body)) == ["delivery_id", "position", "type", "claim_id", "version",
                                      "occurred_at", "data"]
    for canary in ("카나리아", "9137", "zq@", "ZQCANARY", "senior", "staff-1"):
        assert canary not in body


def test_the_delivery_id_is_the_same_on_every_try_and_differs_per_subscription_and_position():
    assert delivery_id("sub-1", 42) == delivery_id("sub-1", 42)
    assert len({delivery_id("sub-1", 42), delivery_id("sub-2", 42), delivery_id("sub-1", 43)}) == 3


def test_a_subscription_takes_everything_with_a_star_or_the_types_it_names():
    assert wanted(["*"], "Closed")
    assert wanted(["Closed", "Filed"], "Closed")
    assert not wanted(["Filed"], "Closed")
    assert unknown_types(["*", "Closed", "Clozed", "claim.closed"]) == ["Clozed", "claim.closed"]
