"""No personal data in error bodies or logs: a canary name, phone and e-mail sent in requests
that fail (validation, domain rules, an unexpected error) or in a query string appears in no
response body and no log line; the access log format writes paths without query strings."""
from __future__ import annotations

import logging
import re

import pytest

from casemgmt.api import create_app
from casemgmt.infrastructure import gunicorn_conf
from tests.builders import an_intake
from tests.http import CLAIMS

CANARY_NAME = "카나리아김철수"
CANARY_PHONE = "010-4242-4242"
CANARY_EMAIL = "canary.kim@example.com"
CANARIES = (CANARY_NAME, CANARY_PHONE, CANARY_EMAIL, "4242-4242")


def canary_customer(**overrides) -> dict:
    return {"id": "C-4242", "name": CANARY_NAME, "phone": CANARY_PHONE, "email": CANARY_EMAIL,
            "tier": "regular", "vulnerable": [], **overrides}


FAILING_INTAKES = {
    "bad phone": canary_customer(phone=CANARY_PHONE + "x"),
    "name too long": canary_customer(name=CANARY_NAME * 30),
    "bad e-mail": canary_customer(email=CANARY_EMAIL.replace("@", "@@")),
    "unknown field": canary_customer(nickname=CANARY_NAME),
    "bad tier": canary_customer(tier=CANARY_NAME),
}


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_no_canary(text: str) -> None:
    for canary in CANARIES:
        assert canary not in text


@pytest.mark.parametrize("case", FAILING_INTAKES)
def test_a_refused_intake_does_not_echo_the_customers_data(api, logs, case):
    response = api.post(CLAIMS, an_intake(customer=FAILING_INTAKES[case]), api.team.agent)

    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"
    assert_no_canary(response.get_data(as_text=True))
    assert_no_canary(logs.text)


def test_a_rule_broken_in_the_domain_does_not_echo_the_customers_data(api, logs):
    future = "2099-01-01T00:00:00+09:00"
    response = api.post(CLAIMS, an_intake(customer=canary_customer(), received_at=future),
                        api.team.agent)

    assert response.status_code == 422
    assert_no_canary(response.get_data(as_text=True))
    assert_no_canary(logs.text)


def test_an_unexpected_error_quoting_the_customer_is_neither_answered_nor_logged(
        services, team, logs, monkeypatch):
    # Its own client: the `api` fixture rightly fails a test that sees an undocumented 500.
    client = create_app(services=services).test_client()

    def broken(*args, customer, **kwargs):
        raise ValueError(f"cannot file for {customer.name} at {customer.phone}")

    monkeypatch.setattr(services.casemgmt, "file_claim", broken)

    response = client.post(CLAIMS, json=an_intake(customer=canary_customer()),
                           headers=team.agent.auth)

    assert response.status_code == 500
    assert_no_canary(response.get_data(as_text=True))
    assert "ValueError" in logs.text
    assert_no_canary(logs.text)


def test_a_search_by_phone_or_name_in_the_query_string_is_not_logged(api, logs):
    api.file_claim(customer=canary_customer())

    found = api.get(f"{CLAIMS}?customer_id=C-4242&assignee={CANARY_NAME}", api.team.supervisor)
    refused = api.get(f"{CLAIMS}?customer_id={CANARY_PHONE * 20}", api.team.supervisor)

    assert (found.status_code, refused.status_code) == (200, 422)
    assert_no_canary(refused.get_data(as_text=True))
    assert_no_canary(logs.text)


def test_the_access_log_format_has_no_query_string_referrer_or_headers():
    atoms = set(re.findall(r"%\(([^)]+)\)s", gunicorn_conf.access_log_format))

    assert atoms <= {"h", "t", "m", "U", "s", "b", "B", "L", "T", "D", "p", "H"}
    assert "U" in atoms  # the path, without its query
