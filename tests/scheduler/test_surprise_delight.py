"""Surprise & Delight: a scripted October 2026, the month's ranked round, and what the team does
with it (selection, sending, the customer's reaction).

Scores follow WEIGHTS in casemgmt/domain/surprise_delight.py (agency_escalation 4, reopened 3,
low_satisfaction 3, deadline_missed 2, long_time_to_close 2, several_contacts 1); each
candidate's score is added up by hand next to its story. October 2026 holidays: Sat 3 개천절,
Mon 5 its substitute, Fri 9 한글날.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from casemgmt.application.jobs import run_job
from casemgmt.bootstrap import build
from tests.builders import kst
from tests.http import API
from tests.scheduler.test_deadline_sweep import race

pytestmark = pytest.mark.own_store(
    "The job looks at every claim in the store: each test has a store of its own.")

MONTH = "2026-10"
ROUND = API + f"/follow-ups/surprise-delight/{MONTH}"


@dataclass
class October:
    agency: str          # C-AGENCY: KCA track concluded before closure, 3 responses → 4+1 = 5
    twice_high: str      # C-TWICE: reopened, 3 responses → 3+1 = 4
    twice_low: str       # C-TWICE: satisfaction 2 → 3 (the same customer: not a candidate)
    reopened: str        # C-REOPEN: reopened, closed again Thu Oct 1 08:00 KST → 3
    unhappy: str         # C-SAT3: satisfaction 3 → 3, closed Wed Oct 14 10:00
    missed: str          # C-LATE: a fact check past due, alerted by the sweep → 2, Oct 14 11:00
    last_year: str       # C-2025: late first response; selected 13 months ago → 2, Oct 23
    abusive: str         # C-ABUSE: reopened, satisfaction 1, but abuse reported → excluded
    chosen_in_may: str   # C-MAY: reopened, but selected in May 2026 → excluded
    clean: str           # C-CLEAN: on time thanks to 한글날, one response → not a candidate
    november: str        # C-NOV: reopened, closed again Sun Nov 1 00:30 KST → not October's


def expected_round(o: October) -> list[tuple[str, str, int, list[str]]]:
    """(claim, customer, score, reasons), best first; ties go to the earlier closure."""
    return [
        (o.agency, "C-AGENCY", 5, ["agency_escalation", "several_contacts", "abuse_free"]),
        (o.twice_high, "C-TWICE", 4, ["reopened", "several_contacts", "abuse_free"]),
        (o.reopened, "C-REOPEN", 3, ["reopened", "abuse_free"]),
        (o.unhappy, "C-SAT3", 3, ["low_satisfaction", "abuse_free"]),
        (o.missed, "C-LATE", 2, ["deadline_missed", "abuse_free"]),
        (o.last_year, "C-2025", 2, ["deadline_missed", "abuse_free"]),
    ]


@pytest.fixture
def october(services, desk, clock, team) -> October:
    app, agent = desk.app, desk.agent

    def at(*moment) -> None:
        clock.current = kst(*moment)

    def a_reopened_claim(customer: str, day) -> str:
        at(*day, 10)
        claim_id = desk.file_and_respond(customer, category="membership")
        at(*day, 11)
        desk.close(claim_id)
        at(*day, 12)
        desk.reopen(claim_id)
        at(*day, 13)
        desk.close(claim_id)
        return claim_id

    # Earlier rounds: C-2025 selected for September 2025, C-MAY for May 2026.
    for customer, month, day, run_on in (("C-2025", "2025-09", (2025, 9, 1), (2025, 10, 1, 9)),
                                         ("C-MAY", "2026-05", (2026, 5, 11), (2026, 6, 1, 9))):
        claim_id = a_reopened_claim(customer, day)
        at(*run_on)
        assert run_job(services.casemgmt, "surprise-delight")["result"]["month"] == month
        app.select_candidate(team.supervisor.actor, month, claim_id=claim_id, gift="케이크",
                             letter_by="이영희")

    # C-REOPEN: filed Wed Sep 30 10:00, closed 12:00, reopened 20:00, closed again Thu Oct 1
    # 08:00 KST (Sep 30 23:00 UTC): an October closure in Seoul.
    at(2026, 9, 30, 10)
    reopened = desk.file_and_respond("C-REOPEN")
    at(2026, 9, 30, 12)
    desk.close(reopened)
    at(2026, 9, 30, 20)
    desk.reopen(reopened)
    at(2026, 10, 1, 8)
    desk.close(reopened)

    # C-LATE: Thu Oct 8 10:00, answered at once; a fact check at 11:00 is due in 2 business
    # days: Mon Oct 12 (Fri 9 is 한글날), Tue Oct 13 11:00. Resolution (7 business days):
    # Oct 12, 13, 14, 15, 16, 19, 20 → closed Oct 14 11:00 in time.
    at(2026, 10, 8, 10)
    missed = desk.file_and_respond("C-LATE")
    at(2026, 10, 8, 11)
    app.request_fact_check(agent, missed, vendor_id="M-9", vendor_kind="merchant",
                           question="휴업일 확인")
    # C-CLEAN: Thu Oct 8 16:00, delivery; first response due Mon Oct 12 16:00 (한글날), answered
    # Mon 09:00; resolution Oct 12, 13, 14 → Wed Oct 14 16:00, closed Tue Oct 13.
    at(2026, 10, 8, 16)
    clean = desk.file("C-CLEAN", category="delivery")
    at(2026, 10, 12, 9)
    desk.take(clean)
    desk.respond(clean)
    # C-AGENCY: Mon Oct 12 10:00, merchant_service: resolution Oct 13, 14, 15, 16, 19, 20, 21.
    at(2026, 10, 12, 10)
    agency = desk.file_and_respond("C-AGENCY")
    at(2026, 10, 13, 10)
    desk.close(clean)
    app.escalate(agent, agency, agency_reference="KCA-1013", agency="kca",
                 received_at=kst(2026, 10, 13, 9))
    # C-SAT3: Tue Oct 13, membership (resolution Oct 14, 15, 16). C-ABUSE: Oct 13, abusive.
    unhappy = desk.file("C-SAT3", category="membership")
    desk.take(unhappy)
    abusive = desk.file("C-ABUSE", category="other")
    desk.take(abusive)
    at(2026, 10, 13, 10, 30)
    app.report_abuse(agent, abusive, kind="verbal_abuse", details="욕설")
    at(2026, 10, 13, 11)
    desk.respond(unhappy)
    desk.respond(abusive)
    at(2026, 10, 13, 12)
    swept = run_job(services.casemgmt, "deadline-sweep")["result"]["recorded"]
    assert [(r["claim_id"], r["deadline"]) for r in swept] == [(missed, "fact_check:fc-1")]
    at(2026, 10, 14, 10)
    app.answer_fact_check(agent, missed, "fc-1", finding="confirmed", details="임시휴업")
    desk.close(unhappy)
    desk.close(abusive)
    desk.respond(agency, "한국소비자원 접수 건 확인 중입니다.")
    at(2026, 10, 14, 11)
    desk.close(missed)
    at(2026, 10, 15, 10)
    desk.reopen(abusive)
    at(2026, 10, 16, 10)
    desk.close(abusive)
    at(2026, 10, 19, 10)
    app.conclude_escalation(agent, agency, "e-1", outcome="settled", details="합의")
    desk.respond(agency, "합의 내용대로 환불되었습니다.")
    desk.satisfaction(unhappy, 3)
    desk.satisfaction(abusive, 1)
    # C-TWICE: a membership claim Mon Oct 19 (resolution Oct 20, 21, 22), closed Oct 20,
    # satisfaction 2 on Oct 21; and a merchant_service claim Tue Oct 20, three responses,
    # closed Oct 21, reopened Oct 22, closed again Oct 23.
    twice_low = desk.file_and_respond("C-TWICE", category="membership")
    at(2026, 10, 20, 10)
    desk.close(agency)                        # Oct 20 < Oct 21 10:00: in time; 8 days < 14
    desk.close(twice_low)
    twice_high = desk.file_and_respond("C-TWICE")
    desk.respond(twice_high, "추가 확인 중입니다.")
    desk.respond(twice_high, "가맹점과 통화했습니다.")
    # C-MAY: Wed Oct 21, reopened once. C-2025: Wed Oct 21 10:00, membership: first response
    # due Thu Oct 22 10:00, answered 11:00 (late; the sweep never ran in between).
    at(2026, 10, 21, 10)
    desk.satisfaction(twice_low, 2)
    desk.close(twice_high)
    chosen_in_may = desk.file_and_respond("C-MAY", category="membership")
    last_year = desk.file("C-2025", category="membership")
    desk.take(last_year)
    at(2026, 10, 22, 10)
    desk.reopen(twice_high)
    desk.close(chosen_in_may)
    at(2026, 10, 22, 11)
    desk.respond(last_year)
    at(2026, 10, 22, 14)
    desk.reopen(chosen_in_may)
    at(2026, 10, 23, 10)
    desk.close(twice_high)
    desk.close(chosen_in_may)
    desk.close(last_year)
    # C-NOV: Fri Oct 30, reopened Sat Oct 31 22:00, closed again Sun Nov 1 00:30 KST
    # (Oct 31 15:30 UTC): a November closure in Seoul.
    at(2026, 10, 30, 10)
    november = desk.file_and_respond("C-NOV", category="other")
    at(2026, 10, 30, 12)
    desk.close(november)
    at(2026, 10, 31, 22)
    desk.reopen(november)
    at(2026, 11, 1, 0, 30)
    desk.close(november)

    at(2026, 11, 1, 9)                        # the job's own schedule: the 1st, 09:00
    return October(agency, twice_high, twice_low, reopened, unhappy, missed, last_year,
                   abusive, chosen_in_may, clean, november)


def the_round(api, by=None) -> dict:
    response = api.get(ROUND, by or api.team.supervisor)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def ranked(round_: dict) -> list[tuple[str, str, int, list[str]]]:
    return [(c["claim_id"], c["customer_id"], c["score"], c["reasons"])
            for c in round_["candidates"]]


def run(api, body, by=None):
    return api.post(API + "/jobs/surprise-delight/runs", body, by or api.team.scheduler)


# -- building the round ----------------------------------------------------------------------------

def test_the_job_ranks_the_customers_the_company_owes_an_apology(api, october):
    response = run(api, {"month": MONTH})

    assert response.status_code == 201, response.get_json()
    assert response.get_json()["result"] == {
        "month": MONTH,
        "claims_considered": 10,     # every October closure in Seoul; not C-NOV
        "candidates_added": 6,
        "candidates": 6,
        "excluded_customers": 1,     # C-MAY (selected within 12 months); C-2025 was 13 ago
    }
    round_ = the_round(api)
    assert round_["month"] == MONTH
    assert ranked(round_) == expected_round(october)
    assert all(c["selected"] is False and c["selection_id"] is None
               for c in round_["candidates"])
    assert round_["selections"] == []


def test_running_the_job_again_adds_no_duplicate(api, october):
    assert run(api, {"month": MONTH}).status_code == 201

    again = run(api, {"month": MONTH})
    by_default = run(api, {}, api.team.admin)   # on Nov 1 the month just ended is October

    assert again.status_code == by_default.status_code == 201
    assert again.get_json()["result"]["candidates_added"] == 0
    assert by_default.get_json()["result"]["month"] == MONTH
    assert by_default.get_json()["result"]["candidates_added"] == 0
    assert ranked(the_round(api)) == expected_round(october)


def test_two_schedulers_building_the_round_at_once_build_it_once(api, settings, clock, october):
    schedulers = [build(settings, clock=clock) for _ in range(2)]
    try:
        results = race(lambda svc: run_job(svc.casemgmt, "surprise-delight", {"month": MONTH}),
                       schedulers)
    finally:
        for svc in schedulers:
            svc.close()

    added = [r["result"]["candidates_added"] for r in results]
    assert sorted(added) == [0, 6]
    assert ranked(the_round(api)) == expected_round(october)


def test_a_customer_selected_this_month_is_excluded_from_the_next_twelve_rounds(
        api, desk, clock, october):
    run(api, {"month": MONTH})
    api.post(f"{ROUND}/selections", {"claim_id": october.agency, "gift": "케이크",
                                     "letter_by": "이영희"}, api.team.supervisor)
    clock.current = kst(2026, 11, 2, 10)
    claim_id = desk.file_and_respond("C-AGENCY")
    desk.close(claim_id)
    desk.reopen(claim_id)
    desk.close(claim_id)
    clock.current = kst(2026, 12, 1, 9)

    result = run(api, {"month": "2026-11"}).get_json()["result"]

    assert result["excluded_customers"] == 2                  # C-AGENCY, and C-MAY still
    november = api.get(API + "/follow-ups/surprise-delight/2026-11", api.team.supervisor).get_json()
    assert [c["customer_id"] for c in november["candidates"]] == ["C-NOV"]  # not C-AGENCY


# -- selection, sending, feedback ------------------------------------------------------------------

def test_selecting_sending_and_recording_the_reaction(api, clock, october):
    run(api, {"month": MONTH})
    clock.current = kst(2026, 11, 2, 10)

    selected = api.post(f"{ROUND}/selections", {"claim_id": october.agency,
                                                "gift": "케이크 교환권과 손편지",
                                                "letter_by": "이영희"}, api.team.supervisor)
    assert selected.status_code == 201, selected.get_json()
    round_ = selected.get_json()
    first = round_["candidates"][0]
    assert (first["claim_id"], first["selected"], first["selection_id"]) == (
        october.agency, True, "s-1")
    assert round_["selections"] == [{
        "id": "s-1", "claim_id": october.agency, "customer_id": "C-AGENCY",
        "gift": "케이크 교환권과 손편지", "letter_by": "이영희",
        "selected_by": api.team.supervisor.id, "selected_at": "2026-11-02T10:00:00+09:00",
        "sent_at": None, "feedback": []}]

    again = api.post(f"{ROUND}/selections", {"claim_id": october.agency, "gift": "꽃",
                                             "letter_by": "이영희"}, api.team.agent)
    assert again.status_code == 409

    too_early = api.post(f"{ROUND}/selections/s-1/feedback", {"text": "감사합니다"},
                         api.team.agent)
    assert too_early.status_code == 409

    clock.current = kst(2026, 11, 3, 16)
    in_the_future = api.post(f"{ROUND}/selections/s-1/sent",
                             {"sent_at": "2026-11-04T10:00:00+09:00"}, api.team.agent)
    assert in_the_future.status_code == 422
    sent = api.post(f"{ROUND}/selections/s-1/sent", {"sent_at": "2026-11-03T15:00:00+09:00"},
                    api.team.agent)
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["selections"][0]["sent_at"] == "2026-11-03T15:00:00+09:00"
    sent_twice = api.post(f"{ROUND}/selections/s-1/sent",
                          {"sent_at": "2026-11-03T15:30:00+09:00"}, api.team.agent)
    assert sent_twice.status_code == 409

    clock.current = kst(2026, 11, 10, 10)
    reaction = api.post(f"{ROUND}/selections/s-1/feedback",
                        {"text": "부모님과 다시 가서 정말 즐거웠다고 하셨습니다."}, api.team.agent)
    assert reaction.status_code == 200, reaction.get_json()
    assert reaction.get_json()["selections"][0]["feedback"] == [
        "부모님과 다시 가서 정말 즐거웠다고 하셨습니다."]
    assert the_round(api, api.team.auditor)["selections"][0]["sent_at"] == (
        "2026-11-03T15:00:00+09:00")


def test_unknown_selections_and_rounds_are_404(api, october):
    run(api, {"month": MONTH})

    assert api.post(f"{ROUND}/selections/s-9/sent", {"sent_at": "2026-11-01T08:00:00+09:00"},
                    api.team.agent).status_code == 404
    assert api.post(f"{ROUND}/selections/s-9/feedback", {"text": "감사합니다"},
                    api.team.agent).status_code == 404
    assert api.get(API + "/follow-ups/surprise-delight/2026-09", api.team.agent).status_code == 404
    assert api.get(API + "/follow-ups/surprise-delight/2026-13", api.team.agent).status_code == 404
    assert api.post(API + "/follow-ups/surprise-delight/2026-09/selections",
                    {"claim_id": october.agency, "gift": "꽃", "letter_by": "이영희"},
                    api.team.agent).status_code == 404


@pytest.mark.parametrize("which", ["clean", "abusive", "twice_low", "chosen_in_may",
                                   "november", "not-a-claim"])
def test_selecting_a_claim_that_is_not_a_candidate_is_refused_as_a_rule_not_found(
        api, october, which):
    # The round (the URL) exists; the body names a claim that is not among its candidates:
    # a well-formed body that breaks a rule → 422, as an unknown assignee is.
    run(api, {"month": MONTH})
    claim_id = getattr(october, which, which)

    response = api.post(f"{ROUND}/selections", {"claim_id": claim_id, "gift": "꽃",
                                                "letter_by": "이영희"}, api.team.supervisor)

    assert response.status_code == 422, response.get_json()
    assert "claim_id" in response.get_json()["errors"]
    assert the_round(api)["selections"] == []


def test_only_casework_roles_select(api, october):
    run(api, {"month": MONTH})
    body = {"claim_id": october.agency, "gift": "꽃", "letter_by": "이영희"}

    for member in (api.team.auditor, api.team.scheduler, api.team.admin):
        assert api.post(f"{ROUND}/selections", body, member).status_code == 403
    assert the_round(api, api.team.auditor)["selections"] == []


def test_the_job_refuses_a_malformed_month(api):
    assert run(api, {"month": "2026-13"}).status_code == 422
    assert run(api, {"month": "October"}).status_code == 422


def test_a_customer_with_two_equal_claims_keeps_the_one_closed_first(api, desk, clock):
    # Two membership claims of C-TIE, each reopened once: 3 points each. The one filed first
    # was closed last. On a tie the customer has waited longest on the earlier closure (the
    # order the round ranks ties in), whatever order the database returns the rows in.
    def reopened_claim(filed, closed_first, reopened, closed_again) -> str:
        clock.current = filed
        claim_id = desk.file_and_respond("C-TIE", category="membership")
        for moment, step in ((closed_first, desk.close), (reopened, desk.reopen),
                             (closed_again, desk.close)):
            clock.current = moment
            step(claim_id)
        return claim_id

    closed_last = reopened_claim(kst(2026, 10, 20, 10), kst(2026, 10, 21, 10),
                                 kst(2026, 10, 21, 11), kst(2026, 10, 22, 10))
    closed_first = reopened_claim(kst(2026, 10, 20, 11), kst(2026, 10, 20, 12),
                                  kst(2026, 10, 20, 13), kst(2026, 10, 20, 14))
    clock.current = kst(2026, 11, 1, 9)

    assert run(api, {"month": MONTH}).status_code == 201

    assert ranked(the_round(api)) == [(closed_first, "C-TIE", 3, ["reopened", "abuse_free"])]
    assert closed_last != closed_first


def test_a_month_that_has_not_started_is_refused_and_builds_no_round(api, desk, clock):
    # (The running month answers with its provisional candidates:
    # test_surprise_delight_provisional.py.)
    clock.current = kst(2026, 10, 20, 10)

    response = run(api, {"month": "2026-12"})

    assert response.status_code == 422, response.get_json()
    assert "month" in response.get_json()["errors"]
    assert api.get(API + "/follow-ups/surprise-delight/2026-12",
                   api.team.supervisor).status_code == 404
