"""Unauthenticated requests throttled per address, and every limited response saying where
its bucket stands (RateLimit-Limit, -Remaining, -Reset, -Policy; Retry-After beyond).

The buckets run on a stopwatch that moves only when the test says (as tests/security/
test_limits.py does), so nothing here depends on how fast the machine is.
"""
from __future__ import annotations

import pytest

from casemgmt.api.limits import EXTENSION as PER_TOKEN
from casemgmt.api.limits import TokenBuckets
from casemgmt.api.throttle import EXTENSION as PER_ADDRESS
from tests.http import CLAIMS, Stopwatch, a_problem

GUESSER, COLLEAGUE = "198.51.100.66", "198.51.100.10"
WRONG = {"Authorization": "Bearer cm_" + "x" * 43}


@pytest.fixture
def stopwatch(api) -> Stopwatch:
    watch = Stopwatch(5_000.0)
    extensions = api.client.application.extensions
    extensions[PER_ADDRESS] = TokenBuckets(60, clock=watch, scope="address")  # the default
    extensions[PER_TOKEN] = TokenBuckets(5, clock=watch)
    extensions["casemgmt.web"].extensions[PER_ADDRESS] = extensions[PER_ADDRESS]  # sign-in
    return watch


def get_from(api, address: str, headers: dict | None = None, path: str = CLAIMS):
    return api.client.get(path, headers=headers or {}, environ_base={"REMOTE_ADDR": address})


def test_a_hundred_wrong_tokens_from_one_address_are_throttled_after_sixty(api, stopwatch):
    answers = [get_from(api, GUESSER, WRONG) for _ in range(100)]

    assert [a.status_code for a in answers] == [401] * 60 + [429] * 40
    refused = a_problem(answers[-1], 429, "rate-limited")
    assert answers[-1].headers["Retry-After"] == "1"  # one more failure allowed each second
    assert "address" in refused["detail"]


def test_other_addresses_are_not_slowed_by_a_guesser(api, stopwatch):
    for _ in range(100):
        get_from(api, GUESSER, WRONG)

    wrong = get_from(api, COLLEAGUE, WRONG)
    right = get_from(api, COLLEAGUE, api.team.agent.auth)

    a_problem(wrong, 401, "unauthenticated")
    assert wrong.headers["RateLimit-Remaining"] == "59"
    assert right.status_code == 200


def test_a_throttled_address_is_refused_before_its_token_is_looked_up(api, stopwatch):
    for _ in range(61):
        get_from(api, GUESSER, WRONG)

    valid_token = get_from(api, GUESSER, api.team.agent.auth)
    stopwatch.now += 1
    after_a_second = get_from(api, GUESSER, api.team.agent.auth)

    a_problem(valid_token, 429, "rate-limited")
    assert after_a_second.status_code == 200


def test_missing_and_malformed_tokens_count_as_failures_too(api, stopwatch):
    for headers in ({}, {"Authorization": "Basic eDp5"}, WRONG) * 20:
        assert get_from(api, GUESSER, headers).status_code == 401

    a_problem(get_from(api, GUESSER), 429, "rate-limited")


def test_each_limited_answer_says_where_its_bucket_stands(api, stopwatch):
    answers = [get_from(api, COLLEAGUE, api.team.agent.auth) for _ in range(6)]

    assert [a.status_code for a in answers] == [200] * 5 + [429]
    assert [a.headers["RateLimit-Remaining"] for a in answers] == ["4", "3", "2", "1", "0", "0"]
    assert {a.headers["RateLimit-Limit"] for a in answers} == {"5"}
    assert {a.headers["RateLimit-Policy"] for a in answers} == {"5;w=60;burst=5"}
    assert [a.headers["RateLimit-Reset"] for a in answers] == ["12", "24", "36", "48", "60",
                                                                "60"]
    assert answers[-1].headers["Retry-After"] == "12"


def test_refused_and_missing_answers_of_a_token_carry_the_headers_too(api, stopwatch):
    forbidden = api.post(CLAIMS, {}, api.team.auditor)
    missing = api.get(f"{CLAIMS}/{'0' * 32}", api.team.agent)

    assert forbidden.status_code == 403 and missing.status_code == 404
    assert forbidden.headers["RateLimit-Remaining"] == "4"
    assert missing.headers["RateLimit-Remaining"] == "4"


def test_public_routes_are_not_limited_and_say_nothing_of_limits(api, stopwatch):
    answer = api.client.get("/healthz")

    assert answer.status_code == 200
    assert "RateLimit-Limit" not in answer.headers


def test_signing_in_to_the_workspace_with_wrong_tokens_is_throttled_too(api, stopwatch):
    client = api.client

    def sign_in(token: str):
        page = client.get("/sign-in", environ_base={"REMOTE_ADDR": GUESSER})
        csrf = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
        return client.post("/sign-in", data={"token": token, "csrf_token": csrf},
                           environ_base={"REMOTE_ADDR": GUESSER})

    answers = [sign_in("cm_wrong").status_code for _ in range(61)]
    with_a_valid_token = sign_in(api.team.agent.token)

    assert answers == [401] * 60 + [429]
    assert with_a_valid_token.status_code == 429
    assert with_a_valid_token.headers["Retry-After"] == "1"
