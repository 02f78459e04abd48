"""Decisions citing the remedy standard over HTTP, on both backends: the standard amount, the
deviation, authority on top of the baseline, the ledger counting the deviation, the edition
cited, refusals naming the citation's fields, and the delay interest of a late refund."""
from __future__ import annotations

import pytest

from tests.builders import Member
from tests.http import CLAIMS, a_problem, writes_nothing

pytestmark = pytest.mark.own_store(
    "Counts and payments over the whole store: each test has one of its own.")

CITED_45000 = {"rule_id": "food-1", "inputs": {"price_krw": 45_000}}  # 이물 혼입: 구입가 환급


def an_agent_with_a_10000_limit(api) -> Member:
    staff, token = api.services.casemgmt.add_staff("한도만", "agent", 10_000)
    return Member(id=str(staff.id), token=token, actor=staff.as_actor())


def a_claim_of(api, agent: Member, **intake) -> str:
    claim_id = api.file_claim(agent, **intake)["id"]
    api.take(claim_id, agent)
    return claim_id


def decide(api, agent: Member, claim_id: str, amount: int, standard=CITED_45000,
           remedy: str = "refund"):
    body = {"remedy": remedy, "amount_krw": amount, "rationale": "이물 혼입: 구입가와 위로금"}
    if standard is not None:
        body["standard"] = standard
    return api.post(f"{CLAIMS}/{claim_id}/decisions", body, agent)


def test_50000_on_a_45000_standard_is_within_a_10000_limit_and_60000_is_not(api):
    agent = an_agent_with_a_10000_limit(api)
    first, second = a_claim_of(api, agent), a_claim_of(api, agent)

    within = decide(api, agent, first, 50_000)
    beyond = decide(api, agent, second, 60_000)

    assert within.status_code == 200, within.get_json()
    decision = within.get_json()["decisions"][0]
    assert decision["status"] == "approved"
    assert decision["standard"] == {
        "edition": "FTC-2025-12-18", "rule_id": "food-1", "inputs": {"price_krw": 45_000},
        "kind": "refund", "amount_krw": 45_000, "explanation_ko": "구입가 45,000원 전액 = 45,000원"}
    assert (decision["deviation_krw"], decision["counted_krw"]) == (5_000, 5_000)
    pending = beyond.get_json()["decisions"][0]
    assert (pending["status"], pending["deviation_krw"]) == ("pending_approval", 15_000)


def test_the_authority_ledger_counts_only_the_deviation(api):
    agent = an_agent_with_a_10000_limit(api)
    on_another_order = {"id": "O-78", "merchant_id": "M-9", "amount_krw": 89_000}
    decide(api, agent, a_claim_of(api, agent), 50_000)
    decide(api, agent, a_claim_of(api, agent, order=on_another_order), 40_000)  # counts 0

    ledger = api.get(f"/api/v1/staff/{agent.id}/authority?month=2026-11", agent)

    assert ledger.status_code == 200
    assert (ledger.get_json()["granted_krw"], ledger.get_json()["granted_count"]) == (5_000, 2)


def test_a_claim_received_in_2011_cites_the_edition_then_in_force(api):
    agent = api.team.agent
    trip = {"rule_id": "overseas_travel-1", "inputs": {
        "tour_price_krw": 1_000_000, "paid_krw": 1_000_000, "days_before_departure": 8}}
    old = a_claim_of(api, agent, received_at="2011-06-01T10:00:00+09:00")

    response = decide(api, agent, old, 900_000, standard=trip)
    later = decide(api, agent, old, 800_000, standard={**trip, "on": "2020-06-01"})

    # 2010 edition: 10% of the price 8 days before departure; since 2014-03-21: 20%
    cited = response.get_json()["decisions"][0]["standard"]
    assert (cited["edition"], cited["amount_krw"]) == ("FTC-2010-01-29", 900_000)
    assert later.get_json()["decisions"][1]["standard"]["amount_krw"] == 800_000


def test_citation_refusals_name_the_field_and_store_nothing(api):
    agent = api.team.agent
    claim_id = a_claim_of(api, agent)

    with writes_nothing(api, claim_id):
        unknown = decide(api, agent, claim_id, 10_000, standard={"rule_id": "60-99",
                                                                  "inputs": {}})
        missing = decide(api, agent, claim_id, 10_000, standard={"rule_id": "food-1",
                                                                  "inputs": {}})
        in_kind = decide(api, agent, claim_id, 0, remedy="exchange")

    assert list(a_problem(unknown, 422, "standard-unknown-rule")["errors"]) == [
        "standard.rule_id"]
    assert list(a_problem(missing, 422, "standard-input-missing")["errors"]) == [
        "standard.inputs.price_krw"]
    assert list(a_problem(in_kind, 422, "standard-no-amount-for-remedy")["errors"]) == [
        "standard.rule_id"]


def test_a_refund_decided_ten_days_after_its_statutory_deadline_shows_the_interest(api):
    agent = api.team.agent
    # received Thu 2026-11-05 → due by the end of Tue 11-10; decided Fri 11-20 (the clock)
    claim_id = a_claim_of(api, agent, category="refund_delay",
                          received_at="2026-11-05T10:00:00+09:00")

    response = decide(api, agent, claim_id, 20_000, standard=None)

    # 20,000 × 15% × 10 / 365 = 82.19… → 82
    assert response.get_json()["decisions"][0]["delay_interest_krw"] == 82
