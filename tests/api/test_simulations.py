"""Policy simulation over HTTP, on both backends: other limits, tier multipliers and deadline
lengths replayed over the stored events of the claims received in a period, actual against
simulated; the database is the same, byte for byte, before and after; refusals."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from casemgmt.application.clock import KST
from casemgmt.cli import _parser
from tests.http import CLAIMS, a_problem

pytestmark = pytest.mark.own_store(
    "Counts and payments over the whole store: each test has one of its own.")

SIMULATIONS = "/api/v1/simulations"
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def a_decided_claim(api, amount: int, *, tier: str = "regular", category: str = "delivery",
                    received_at: str | None = None) -> str:
    agent = api.team.agent  # a 30,000 won limit
    customer = {"id": "C-7", "name": "이수민", "tier": tier}
    claim_id = api.file_claim(agent, customer=customer, category=category,
                              received_at=received_at)["id"]
    api.take(claim_id, agent)
    response = api.post(f"{CLAIMS}/{claim_id}/decisions", {
        "remedy": "partial_refund", "amount_krw": amount, "rationale": "배송 지연 보상"}, agent)
    assert response.status_code == 200, response.get_json()
    return claim_id


def every_row(services) -> dict[str, list[tuple]]:
    """Every table of the database, every row, as stored (events, views, keys, logs)."""
    with services.db.transaction(write=False) as cur:
        if cur.backend == "sqlite":
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            cur.execute("SELECT table_name FROM information_schema.tables"
                        " WHERE table_schema = current_schema()")
        tables = sorted(row[0] for row in cur.fetchall())
        dump = {}
        for table in tables:
            cur.execute(f'SELECT * FROM "{table}"')
            dump[table] = sorted(cur.fetchall(), key=repr)
    return dump


def test_doubling_an_agents_limit_turns_their_pending_decisions_into_approved_ones(api):
    for amount in (50_000, 40_000, 20_000):
        a_decided_claim(api, amount)
    a_decided_claim(api, 45_000, received_at="2026-10-30T10:00:00+09:00")  # not in November
    body = {**NOVEMBER, "authority": {"limits": {api.team.agent.id: 60_000}}}
    before = every_row(api.services)

    response = api.post(SIMULATIONS, body, api.team.supervisor)

    assert every_row(api.services) == before
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert (report["claims"], report["decisions"]) == (3, 3)
    assert report["needing_approval"] == {"actual": 2, "simulated": 0}
    assert report["amount_krw"] == {"actual": 90_000, "simulated": 0}
    assert [c["category"] for c in report["by_category"]] == ["delivery"]


def test_raising_loyal_customers_to_double_the_limit_covers_their_50000_decisions(api):
    a_decided_claim(api, 50_000, tier="loyal", category="delivery")    # 30,000 × 1.5: pending
    a_decided_claim(api, 50_000, tier="regular", category="promotion")  # stays pending
    body = {**NOVEMBER, "authority": {"tier_multipliers": {"loyal": 2.0}}}

    response = api.post(SIMULATIONS, body, api.team.admin)

    by_category = {c["category"]: c["needing_approval"] for c in response.get_json()["by_category"]}
    assert by_category == {"delivery": {"actual": 1, "simulated": 0},
                           "promotion": {"actual": 1, "simulated": 1}}


def test_under_the_2010_travel_rates_a_cited_refund_would_have_been_within_the_standard(api):
    agent = api.team.agent
    claim_id = api.file_claim(agent, category="other")["id"]
    api.take(claim_id, agent)
    trip = {"rule_id": "overseas_travel-1", "inputs": {
        "tour_price_krw": 1_000_000, "paid_krw": 1_000_000, "days_before_departure": 8}}
    api.post(f"{CLAIMS}/{claim_id}/decisions", {  # today: 20% kept → 800,000 back
        "remedy": "refund", "amount_krw": 900_000, "rationale": "여행 취소", "standard": trip},
        agent)

    response = api.post(SIMULATIONS, {**NOVEMBER, "standard_edition": "FTC-2010-01-29"},
                        api.team.supervisor)

    report = response.get_json()  # in 2010: 10% kept → 900,000 back, nothing above it
    assert report["needing_approval"] == {"actual": 1, "simulated": 0}
    assert report["counted_krw"] == {"actual": 100_000, "simulated": 0}
    assert report["citations_outside_edition"] == 0


def test_a_longer_resolution_target_turns_a_late_closure_into_a_timely_one(api, clock):
    agent = api.team.agent
    claim_id = api.file_claim(agent, category="delivery")["id"]  # Fri 2026-11-20 10:00
    api.take(claim_id, agent)
    api.post(f"{CLAIMS}/{claim_id}/responses", {"message": "확인 중입니다", "channel": "phone"},
             agent)
    clock.current = datetime(2026, 11, 26, 10, 0, tzinfo=KST)  # 4 business days later
    closed = api.post(f"{CLAIMS}/{claim_id}/closure", {"resolution": "resolved"}, agent)
    assert closed.status_code == 200, closed.get_json()
    body = {**NOVEMBER, "deadlines": {"resolution_business_days": {"delivery": 5}}}

    response = api.post(SIMULATIONS, body, api.team.supervisor)

    # delivery claims are due in 3 business days (Wed 25th 10:00): closed a day late
    assert response.get_json()["deadlines_missed"] == {"actual": 1, "simulated": 0}


def test_simulation_refusals(api):
    team = api.team

    agent = api.post(SIMULATIONS, NOVEMBER, team.agent)
    a_year = api.post(SIMULATIONS, {"from": "2026-01-01", "to": "2026-12-31"}, team.supervisor)
    stranger = api.post(SIMULATIONS, {**NOVEMBER, "authority": {"limits": {"nobody": 1}}},
                        team.supervisor)
    edition = api.post(SIMULATIONS, {**NOVEMBER, "standard_edition": "FTC-1999-01-01"},
                       team.supervisor)

    a_problem(agent, 403)
    assert list(a_problem(a_year, 422)["errors"]) == ["to"]
    assert list(a_problem(stranger, 422, "simulation-unknown-staff")["errors"]) == [
        "authority.limits.nobody"]
    assert list(a_problem(edition, 422, "standard-unknown-edition")["errors"]) == [
        "standard_edition"]


def test_the_cli_simulates_any_period_printing_progress_and_the_report(api, settings, capsys):
    a_decided_claim(api, 50_000)
    args = _parser().parse_args([
        "simulate", "--from", "2026-01-01", "--to", "2026-12-31",
        "--limit", f"{api.team.agent.id}=60000",
        "--deadline", "resolution_business_days.delivery=9"])

    status = args.run(args, settings)

    out, err = capsys.readouterr()
    assert status == 0, err
    assert "simulate [" in err and "events applied" in err
    report = json.loads(out)
    assert (report["from"], report["to"], report["claims"]) == ("2026-01-01", "2026-12-31", 1)
    assert report["needing_approval"] == {"actual": 1, "simulated": 0}
