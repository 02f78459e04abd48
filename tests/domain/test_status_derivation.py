"""Status, priority and flags derived from a claim's facts, without a database."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.claim import Claim
from casemgmt.domain.values import Actor, Customer, Role

NOW = datetime(2026, 11, 20, 10, 0).astimezone()
AGENT = Actor(id="agent-1", role=Role.AGENT, authority_limit=30_000)
SUPERVISOR = Actor(id="sup-1", role=Role.SUPERVISOR, authority_limit=500_000)
POLICY = AuthorityPolicy()


def a_claim(tier="regular", vulnerable=()) -> Claim:
    return Claim.file(channel="phone", category="delivery",
                      customer=Customer(id="C-1", name="김민수", tier=tier,
                                        vulnerable=list(vulnerable)),
                      order=None, summary="배송 지연", description=None, received_at=None,
                      by=AGENT, at=NOW)


def with_waits(fact_check=False, decision=False, escalation=False) -> Claim:
    claim = a_claim()
    claim.assign(AGENT, by=AGENT, at=NOW)
    if fact_check:
        claim.request_fact_check("CJ", "logistics", "배송 위치?", None, by=AGENT, at=NOW)
    if decision:
        claim.propose_decision("refund", 50_000, "배송 분실", by=AGENT, at=NOW, policy=POLICY)
    if escalation:
        claim.escalate("kca", "K-1", NOW, None, by=AGENT, at=NOW)
    return claim


@pytest.mark.parametrize("fact_check, decision, escalation, status", [
    (False, False, False, "in_progress"),
    (True, False, False, "awaiting_vendor"),
    (False, True, False, "awaiting_approval"),
    (True, True, False, "awaiting_approval"),
    (False, False, True, "escalated"),
    (True, False, True, "escalated"),
    (False, True, True, "escalated"),
    (True, True, True, "escalated"),
])
def test_the_first_wait_that_applies_names_the_status(fact_check, decision, escalation, status):
    assert with_waits(fact_check, decision, escalation).status == status


def test_a_claim_nobody_has_touched_is_new():
    assert a_claim().status == "new"


def test_a_response_without_assignment_is_in_progress():
    claim = a_claim()

    claim.respond("접수되었습니다", "phone", by=SUPERVISOR, at=NOW)

    assert claim.status == "in_progress"


def test_closed_comes_before_everything():
    claim = with_waits(fact_check=True)
    claim.respond("확인 중", "phone", by=AGENT, at=NOW)

    claim.close("resolved", None, by=AGENT, at=NOW + timedelta(hours=1))

    assert claim.status == "closed"


@pytest.mark.parametrize("tier, vulnerable, priority", [
    ("regular", (), "normal"), ("loyal", (), "normal"), ("vip", (), "high"),
    ("regular", ("senior",), "high"),
])
def test_priority_follows_the_customer(tier, vulnerable, priority):
    assert a_claim(tier, vulnerable).priority == priority


def test_an_open_agency_case_is_urgent_and_stays_flagged_after_its_outcome():
    claim = with_waits(escalation=True)
    assert claim.priority == "urgent"

    claim.conclude_escalation("e-1", "settled", None, by=AGENT, at=NOW)

    assert claim.priority == "normal"
    assert claim.flags == ["agency_escalation"]


def test_flags_accumulate_in_a_stable_order():
    claim = a_claim(vulnerable=("senior",))
    claim.assign(AGENT, by=AGENT, at=NOW)
    claim.respond("안내", "phone", by=AGENT, at=NOW)
    claim.escalate("kca_1372", "1372-1", NOW, None, by=AGENT, at=NOW)
    claim.conclude_escalation("e-1", "withdrawn", None, by=AGENT, at=NOW)
    claim.close("resolved", None, by=AGENT, at=NOW)
    claim.reopen("재문의", by=AGENT, at=NOW)

    claim.report_abuse("threat", None, by=AGENT, at=NOW)

    assert claim.flags == ["abuse_reported", "vulnerable_customer", "reopened", "agency_escalation"]
