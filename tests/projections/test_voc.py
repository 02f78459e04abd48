"""VoC statistics over the work queue: counts, rates and medians of the claims received.

Statistics count every claim of a period in the store, so each test starts from an empty one."""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote

import pytest

from casemgmt.application.clock import KST
from casemgmt.projections.voc import voc_statistics
from tests.builders import a_filed_claim

pytestmark = pytest.mark.own_store("These tests need an empty store: each has one of its own.")

NOVEMBER = (datetime(2026, 11, 1, tzinfo=KST), datetime(2026, 12, 1, tzinfo=KST))


def test_the_kpis_of_a_month(services, app, team, clock, api):
    agent, other, boss = team.agent.actor, team.other_agent.actor, team.supervisor.actor

    def take(channel, category):
        claim_id = str(a_filed_claim(app, agent, channel=channel, category=category).id)
        app.assign(agent, claim_id, agent.id)
        return claim_id

    # 1. First-contact resolution: one handler, answered in 2 h, closed in 24 h, scored 9.
    one = take("phone", "merchant_service")
    clock.advance(hours=2)
    app.respond(agent, one, "확인했습니다.", "phone")
    clock.advance(hours=22)
    app.close_claim(agent, one, resolution="resolved")
    app.record_satisfaction(agent, one, score=9, via="happy_call")

    # 2. Handed over to a second agent: answered in 4 h, closed in 48 h, scored 6.
    two = take("chat", "delivery")
    clock.advance(hours=4)
    app.respond(agent, two, "배송 조회 중", "chat")
    app.assign(boss, two, other.id)
    clock.advance(hours=44)
    app.close_claim(other, two, resolution="resolved")
    app.record_satisfaction(other, two, score=6, via="survey")

    # 3. Answered in 1 h, closed, scored 2, then reopened: open again, its score withdrawn.
    three = take("email", "delivery")
    clock.advance(hours=1)
    app.respond(agent, three, "재발송했습니다.", "email")
    clock.advance(hours=1)
    app.close_claim(agent, three, resolution="resolved")
    app.record_satisfaction(agent, three, score=2, via="survey")
    app.reopen(agent, three, "또 안 왔어요")

    # 4. Escalated to the KCA: answered in 3 h, settled, closed in 6 h.
    four = take("board", "refund_delay")
    clock.advance(hours=3)
    app.respond(agent, four, "환불 확인 중", "board")
    kca = app.escalate(agent, four, agency="kca", agency_reference="KCA-1",
                          received_at=clock.now()).escalations[-1].id
    app.conclude_escalation(agent, four, kca, outcome="settled")
    clock.advance(hours=3)
    app.close_claim(agent, four, resolution="resolved")

    # 5. and 6. Never answered; the 6th was received the first instant of the month.
    five = str(a_filed_claim(app, agent, channel="phone", category="other").id)
    app.file_claim(agent, channel="sns", category="other", customer=app.get_claim(five).customer,
                   order=None, summary="월초 접수", received_at=NOVEMBER[0])
    # Received the instant before the month: not counted, however busy it was.
    before = app.file_claim(boss, channel="phone", category="delivery",
                            customer=app.get_claim(five).customer, order=None, summary="10월 접수",
                            received_at=NOVEMBER[0] - timedelta(microseconds=1))
    app.respond(boss, before.id, "답변", "phone")
    app.escalate(boss, before.id, agency="kca_1372", agency_reference="1372-9",
                 received_at=clock.now())
    services.projections.catch_up()

    stats = voc_statistics(services.db, *NOVEMBER)
    assert stats == {
        "from": NOVEMBER[0], "to": NOVEMBER[1], "total": 6,
        "by_category": {"merchant_service": 1, "delivery": 2, "refund_delay": 1, "other": 2},
        "by_channel": {"phone": 2, "chat": 1, "email": 1, "board": 1, "sns": 1},
        "by_status": {"closed": 3, "in_progress": 1, "new": 2},
        "response_rate": round(4 / 6, 4),
        "median_seconds_to_first_response": 9000.0,      # of 1, 2, 3 and 4 hours
        "median_seconds_to_close": 86400.0,              # of 6, 24 and 48 hours
        "first_contact_resolution_rate": round(1 / 3, 4),  # of the closed: only the 1st
        "reopen_rate": 0.25,                              # 1 of the 4 ever closed
        "mean_satisfaction": 7.5,                         # 9 and 6; the withdrawn 2 is not
        "satisfaction_count": 2,
        "escalation_rate": round(1 / 6, 4),
    }

    # `to` is exclusive: ending at the 5th claim's receipt leaves it out.
    fifth_received = app.get_claim(five).received_at
    assert voc_statistics(services.db, NOVEMBER[0], fifth_received)["total"] == 5

    # The endpoint answers the same from the same rows.
    response = api.get(f"/api/v1/stats/voc?from={quote(NOVEMBER[0].isoformat())}"
                       f"&to={quote(NOVEMBER[1].isoformat())}", team.supervisor)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert datetime.fromisoformat(body.pop("from")) == NOVEMBER[0]
    assert datetime.fromisoformat(body.pop("to")) == NOVEMBER[1]
    assert body == {k: v for k, v in stats.items() if k not in ("from", "to")}


def test_an_empty_period_has_no_rates(services):
    stats = voc_statistics(services.db, *NOVEMBER)
    assert stats["total"] == 0
    assert all(stats[name] is None for name in (
        "response_rate", "median_seconds_to_first_response", "median_seconds_to_close",
        "first_contact_resolution_rate", "reopen_rate", "mean_satisfaction", "escalation_rate"))
