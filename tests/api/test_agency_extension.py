"""An agency extends its relief period (소비자기본법 제58조 단서) through the API: the claim shows
the moved deadline and is no longer overdue after day 30; the rules answer 409 and 422.

The clock stands at Fri 2026-11-20 10:00 KST; the KCA received the case at that moment, so
its relief period ends Mon 2026-12-21 (day 30 is a Sunday), or Tue 2027-01-19 with 30 more
days (day 60)."""
from __future__ import annotations

from datetime import timedelta

from tests.http import CLAIMS
from tests.http import a_problem, writes_nothing

REASON = "제품 시험검사 의뢰로 원인 규명에 시간 필요"
RECEIVED = "2026-11-20T10:00:00+09:00"


def an_escalated_claim(api, agency: str = "kca") -> str:
    claim_id = api.file_claim()["id"]
    api.take(claim_id)
    api.post(f"{CLAIMS}/{claim_id}/responses", {"message": "확인 중입니다.", "channel": "phone"},
             api.team.agent)
    escalated = api.post(f"{CLAIMS}/{claim_id}/escalations", {
        "agency": agency, "agency_reference": "KCA-2026-0417", "received_at": RECEIVED},
        api.team.agent)
    assert escalated.status_code == 200, escalated.get_json()
    return claim_id


def extend(api, claim_id: str, days: int, **more):
    return api.post(f"{CLAIMS}/{claim_id}/escalations/e-1/extension",
                    {"days": days, "reason": REASON, **more}, api.team.agent)


def test_an_extension_moves_the_relief_deadline_and_is_listed(api, clock):
    claim_id = an_escalated_claim(api)
    clock.current = clock.current + timedelta(days=3)

    response = extend(api, claim_id, 30, at="2026-11-22T15:00:00+09:00")

    assert response.status_code == 200, response.get_json()
    [escalation] = response.get_json()["escalations"]
    assert escalation["deadlines"]["relief"] == "2027-01-19T23:59:59.999999+09:00"
    assert escalation["extensions"] == [{"days": 30, "reason": REASON,
                                         "at": "2026-11-22T15:00:00+09:00",
                                         "by": api.team.agent.id}]


def test_an_extended_kca_case_is_not_overdue_after_day_thirty(api, clock):
    extended, plain = an_escalated_claim(api), an_escalated_claim(api)
    assert extend(api, extended, 60).status_code == 200
    clock.current = clock.current + timedelta(days=40)

    overdue = {claim_id: api.get(f"{CLAIMS}/{claim_id}", api.team.agent).get_json()["overdue"]
               for claim_id in (extended, plain)}

    assert "relief:e-1" not in overdue[extended]
    assert "relief:e-1" in overdue[plain]


def test_a_track_without_a_relief_period_cannot_be_extended(api):
    claim_id = an_escalated_claim(api, "mediation_committee")

    with writes_nothing(api, claim_id):
        response = extend(api, claim_id, 30)

    assert a_problem(response, 409)["rule"] == "extension.no_relief_period"


def test_extensions_add_up_to_sixty_days_at_most(api):
    claim_id = an_escalated_claim(api)
    assert extend(api, claim_id, 45).status_code == 200

    with writes_nothing(api, claim_id):
        response = extend(api, claim_id, 16)

    problem = a_problem(response, 422)
    assert problem["rule"] == "days.beyond_cap" and "days" in problem["errors"]
    assert a_problem(extend(api, claim_id, 61), 422)["errors"].keys() == {"days"}


def test_no_extension_once_the_track_has_its_outcome(api):
    claim_id = an_escalated_claim(api)
    api.post(f"{CLAIMS}/{claim_id}/escalations/e-1/outcome", {"outcome": "settled"},
             api.team.agent)

    with writes_nothing(api, claim_id):
        response = extend(api, claim_id, 30)

    assert a_problem(response, 409)["rule"] == "escalation.concluded"
