"""The authority policy alone: how a customer's tier raises a staff member's limit."""
from __future__ import annotations

import pytest

from casemgmt.domain.authority import AuthorityPolicy


@pytest.mark.parametrize("tier, effective", [
    ("regular", 30_000), ("loyal", 45_000), ("vip", 60_000)])
def test_the_default_policy_multiplies_the_limit_by_tier(tier, effective):
    assert AuthorityPolicy().effective_limit(30_000, tier) == effective


@pytest.mark.parametrize("tier, amount, covered", [
    ("regular", 30_000, True), ("regular", 30_001, False),
    ("loyal", 45_000, True), ("loyal", 45_001, False),
    ("vip", 60_000, True), ("vip", 60_001, False),
])
def test_the_limit_itself_is_covered_and_one_won_more_is_not(tier, amount, covered):
    assert AuthorityPolicy().covers(30_000, tier, amount) is covered


def test_a_tier_the_policy_does_not_know_gets_no_raise():
    assert AuthorityPolicy().effective_limit(30_000, "platinum") == 30_000


def test_without_a_limit_only_remedies_that_cost_nothing_are_covered():
    policy = AuthorityPolicy()

    assert policy.covers(0, "vip", 0)
    assert not policy.covers(0, "vip", 1)


def test_an_odd_limit_raised_by_half_rounds_down_to_whole_won():
    assert AuthorityPolicy().effective_limit(33_333, "loyal") == 49_999


def test_a_team_may_set_its_own_multipliers():
    policy = AuthorityPolicy(tier_multipliers={"regular": 1.0, "loyal": 1.2, "vip": 3.0})

    assert policy.effective_limit(100_000, "loyal") == 120_000
    assert policy.effective_limit(100_000, "vip") == 300_000
