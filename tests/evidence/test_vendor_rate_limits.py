"""Vendor routes are rate-limited per token and per address (here 3 requests a minute), and
guessing tokens spends the address's budget too."""
from __future__ import annotations

import secrets
from dataclasses import replace

import pytest

from tests.http import a_problem
from tests.evidence.conftest import issue_link
from tests.evidence.files import vendor_get


@pytest.fixture
def settings(settings):
    return replace(settings, vendor_rate_limit_per_minute=3)


def test_a_token_gets_three_requests_then_429_with_retry_after(api, linked):
    answers = [vendor_get(api, linked.token) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    a_problem(answers[-1], 429, "rate-limited")
    assert int(answers[-1].headers["Retry-After"]) >= 1


def test_an_address_is_limited_across_tokens_and_for_guesses(api, claim):
    other = api.file_claim()["id"]
    api.take(other)
    api.post(f"/api/v1/claims/{other}/fact-checks", {
        "vendor": {"id": "M-9", "kind": "merchant"}, "question": "배송일?"}, api.team.agent)
    first, second = issue_link(api, claim)["token"], issue_link(api, other)["token"]

    guesses = [vendor_get(api, "cmv_" + secrets.token_urlsafe(32)) for _ in range(2)]
    answers = [vendor_get(api, first), vendor_get(api, second)]

    assert [g.status_code for g in guesses] == [401, 401]
    assert [a.status_code for a in answers] == [200, 429]
