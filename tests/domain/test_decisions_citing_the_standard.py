"""Decisions that cite the remedy standard, without a database: the standard is the baseline,
authority is on top of it (only the amount above the standard counts), for the proposer and
for the supervisor who approves; which of a rule's remedies a decision stands on."""
from __future__ import annotations

from datetime import datetime

import pytest

from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.claim import Claim
from casemgmt.domain.errors import InvalidCommand, NotPermitted
from casemgmt.domain.remedy_standard import RemedyAmount
from casemgmt.domain.standard_citation import StandardCalculation
from casemgmt.domain.values import Actor, Customer, Role
from tests.builders import a_claim
from tests.expect import refused

NOW = datetime(2026, 11, 20, 10, 0).astimezone()
POLICY = AuthorityPolicy()
AGENT = Actor(id="agent-1", role=Role.AGENT, authority_limit=10_000)
SUPERVISOR = Actor(id="boss-1", role=Role.SUPERVISOR, authority_limit=10_000)
SENIOR = Actor(id="boss-2", role=Role.SUPERVISOR, authority_limit=20_000)
RATIONALE = "구입가 환급 기준에 왕복 배송비를 더해 환불합니다."


def a_refund_rule_at(amount_krw: int) -> StandardCalculation:
    """A food rule (이물 혼입): exchange, or the price back."""
    return StandardCalculation(edition="FTC-2021-05-25", rule_id="food-1",
                               inputs={"price_krw": amount_krw}, remedies=(
        RemedyAmount("exchange", "제품 교환", None, "제품 교환 (금액으로 정하지 않는 구제)"),
        RemedyAmount("refund", "환급", amount_krw, f"구입가 {amount_krw:,}원 전액 = {amount_krw:,}원"),
    ))


LOST_PARCEL = StandardCalculation(edition="FTC-2021-05-25", rule_id="60-5",
                                  inputs={"fare_krw": 4_000, "damage_krw": 120_000}, remedies=(
    RemedyAmount("refund", "환급", 4_000, "운임 4,000원 전액 = 4,000원"),
    RemedyAmount("compensate", "배상", 120_000, "손해액 120,000원 (한도 500,000원 이내)"),
))


def a_claim_in_hand() -> Claim:
    return a_claim(customer=Customer(id="C-1", name="김민수", tier="regular"), order=None,
                   category="product_mismatch", summary="과자에서 이물", description=None,
                   filed_by=AGENT, held_by=AGENT, at=NOW)


def propose(claim: Claim, amount: int, standard: StandardCalculation | None,
            remedy: str = "refund", by: Actor = AGENT):
    decision_id = claim.propose_decision(remedy, amount, RATIONALE, by=by, at=NOW, policy=POLICY,
                                         standard=standard)
    return claim.decision(decision_id)


def test_granting_five_thousand_above_a_45000_standard_is_within_a_10000_limit():
    claim = a_claim_in_hand()

    decision = propose(claim, 50_000, a_refund_rule_at(45_000))

    assert decision.status == "approved"
    assert (decision.deviation_krw, decision.counted_krw) == (5_000, 5_000)
    assert decision.standard == {
        "edition": "FTC-2021-05-25", "rule_id": "food-1", "inputs": {"price_krw": 45_000},
        "kind": "refund", "amount_krw": 45_000, "explanation_ko": "구입가 45,000원 전액 = 45,000원"}


def test_fifteen_thousand_above_the_standard_waits_for_a_supervisor():
    claim = a_claim_in_hand()

    decision = propose(claim, 60_000, a_refund_rule_at(45_000))

    assert decision.status == "pending_approval"
    assert (decision.deviation_krw, decision.counted_krw) == (15_000, 15_000)


def test_granting_less_than_the_standard_needs_no_authority_at_all():
    claim = a_claim_in_hand()
    no_limit = Actor(id="agent-2", role=Role.AGENT, authority_limit=0)
    claim.assign(no_limit, by=SUPERVISOR, at=NOW)

    decision = propose(claim, 40_000, a_refund_rule_at(45_000), by=no_limit)

    assert decision.status == "approved"
    assert (decision.deviation_krw, decision.counted_krw) == (-5_000, 0)


def test_without_a_citation_the_whole_amount_counts_as_before():
    claim = a_claim_in_hand()

    decision = propose(claim, 50_000, None)

    assert decision.status == "pending_approval"
    assert (decision.standard, decision.deviation_krw, decision.counted_krw) == (None, None, 50_000)


def test_a_supervisor_approves_when_the_deviation_not_the_amount_is_within_their_limit():
    claim = a_claim_in_hand()
    decision = propose(claim, 60_000, a_refund_rule_at(45_000))

    claim.review_decision(decision.id, True, None, by=SENIOR, at=NOW, policy=POLICY)

    assert decision.status == "approved" and decision.decided_by == "boss-2"


def test_a_supervisor_whose_limit_is_below_the_deviation_may_not_approve():
    claim = a_claim_in_hand()
    decision = propose(claim, 60_000, a_refund_rule_at(45_000))

    with refused(NotPermitted, "approval.beyond_authority") as caught:
        claim.review_decision(decision.id, True, None, by=SUPERVISOR, at=NOW, policy=POLICY)

    assert "15000 won" in caught.value.message


@pytest.mark.parametrize("remedy, kind, baseline", [
    ("refund", "refund", 4_000),                # the fare back
    ("partial_refund", "compensate", 120_000),  # the loss compensated
])
def test_a_decision_stands_on_the_remedy_of_the_rule_that_matches_its_own(remedy, kind, baseline):
    claim = a_claim_in_hand()

    decision = propose(claim, 0, LOST_PARCEL, remedy=remedy)

    assert (decision.standard["kind"], decision.standard["amount_krw"]) == (kind, baseline)


@pytest.mark.parametrize("remedy", ["exchange", "coupon", "points"])
def test_a_citation_that_gives_no_amount_for_the_decisions_remedy_is_refused_naming_the_rule(
        remedy):
    claim = a_claim_in_hand()

    with refused(InvalidCommand, "standard.no_amount_for_remedy") as caught:
        propose(claim, 10_000, a_refund_rule_at(45_000), remedy=remedy)

    assert caught.value.field == "standard.rule_id"
    assert claim.decisions == []
