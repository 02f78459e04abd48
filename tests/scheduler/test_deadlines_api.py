"""Deadlines as a client sees them on a claim and its agency tracks, across Korean holidays.

Every expected date below is counted by hand on the calendar in the comment next to it (the
holidays are those of 관공서의 공휴일에 관한 규정 for 2026–2027); none is derived with the code
under test.

    2026 Sep/Oct                      2027 Feb                     2027 Mar
    Wed 23 Sep                        Fri  5  last day before      Sat 13, Sun 14
    Thu 24 Sep  추석 전날 (holiday)   Sat  6  설날 전날            Sat 27, Sun 28
    Fri 25 Sep  추석                  Sun  7  설날                 Mon 29
    Sat 26 Sep  추석 다음날           Mon  8  설날 다음날
    Sun 27 Sep                        Tue  9  대체공휴일
    Mon 28 Sep  business day          Wed 10  business day
    Fri  2 Oct                        Fri 12
    Sat  3 Oct  개천절
    Mon  5 Oct  대체공휴일 (개천절)
    Fri  9 Oct  한글날
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.builders import an_intake, end_of_day, kst
from tests.http import API
from tests.refs import a_customer_id


def iso(moment: datetime) -> str:
    return moment.isoformat()


def file(api, **overrides) -> dict[str, Any]:
    response = api.post(API + "/claims", an_intake(**overrides), api.team.agent)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def command(api, claim_id: str, path: str, body: dict, status: int = 200) -> dict[str, Any]:
    response = api.post(API + f"/claims/{claim_id}{path}", body, api.team.agent)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def take_and_respond(api, claim_id: str) -> dict[str, Any]:
    command(api, claim_id, "/assignment", {"assignee": api.team.agent.id})
    return command(api, claim_id, "/responses", {"message": "확인 중입니다.", "channel": "phone"})


def overdue_now(api, claim_id: str) -> list[str]:
    response = api.get(API + f"/claims/{claim_id}", api.team.agent)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["overdue"]


# -- service targets across Seollal and Chuseok -------------------------------------------------

@pytest.mark.parametrize("category, resolution", [
    # Filed Fri 2027-02-05 10:00. Feb 6–9 are Sat, 설날 전날, 설날(Sun), 설날 다음날, 대체공휴일:
    # business days after it are Wed 10, Thu 11, Fri 12, Mon 15, Tue 16, Wed 17, Thu 18.
    ("product_info", kst(2027, 2, 11, 10)),       # 2 business days: Feb 10, 11
    ("delivery", kst(2027, 2, 12, 10)),           # 3: Feb 10, 11, 12
    ("exchange_return", kst(2027, 2, 16, 10)),    # 5: Feb 10, 11, 12, 15, 16
    ("merchant_service", kst(2027, 2, 18, 10)),   # 7: Feb 10, 11, 12, 15, 16, 17, 18
])
def test_a_claim_filed_on_the_friday_before_seollal_is_due_after_the_holidays(
        api, clock, category, resolution):
    clock.current = kst(2027, 2, 5, 10)

    claim = file(api, category=category)

    assert claim["received_at"] == "2027-02-05T10:00:00+09:00"
    assert claim["deadlines"] == {
        "first_response": "2027-02-10T10:00:00+09:00",  # 1 business day: Wed Feb 10, same time
        "resolution": iso(resolution),
        "refund": None,
    }
    assert claim["overdue"] == []


def test_chuseok_and_the_october_holidays_move_service_targets(api, clock):
    # Wed 2026-09-23 15:00, the day before Chuseok (Thu 24 – Sat 26), then Sun 27.
    clock.current = kst(2026, 9, 23, 15)
    before_chuseok = file(api, category="delivery")
    # Sat 2026-09-26 10:00, 추석 다음날, received on the online board.
    clock.current = kst(2026, 9, 26, 10)
    during_chuseok = file(api, category="delivery", channel="board")
    # Fri 2026-10-02 10:00; Sat 3 개천절, Mon 5 its substitute, Fri 9 한글날.
    clock.current = kst(2026, 10, 2, 10)
    before_gaecheonjeol = file(api, category="merchant_service")

    assert before_chuseok["deadlines"]["first_response"] == "2026-09-28T15:00:00+09:00"  # Mon
    # delivery, 3 business days: Mon 28, Tue 29, Wed 30
    assert before_chuseok["deadlines"]["resolution"] == "2026-09-30T15:00:00+09:00"
    # counted from the next business day after a holiday: Mon 28 10:00
    assert during_chuseok["deadlines"]["first_response"] == "2026-09-28T10:00:00+09:00"
    assert during_chuseok["deadlines"]["resolution"] == "2026-09-30T10:00:00+09:00"
    assert before_gaecheonjeol["deadlines"]["first_response"] == "2026-10-06T10:00:00+09:00"  # Tue
    # merchant_service, 7 business days: Oct 6, 7, 8, (9 한글날), 12, 13, 14, 15
    assert before_gaecheonjeol["deadlines"]["resolution"] == "2026-10-15T10:00:00+09:00"


def test_a_vulnerable_customer_gets_four_calendar_hours_even_before_seollal(api, clock):
    clock.current = kst(2027, 2, 5, 18)

    claim = file(api, customer={"id": "C-2001", "name": "이순자", "phone": "010-2222-3333",
                                "tier": "regular", "vulnerable": ["senior"]})

    # 18:00 + 4 hours, earlier than Wed Feb 10 18:00
    assert claim["deadlines"]["first_response"] == "2027-02-05T22:00:00+09:00"
    assert claim["deadlines"]["resolution"] == "2027-02-18T18:00:00+09:00"


def test_a_fact_check_is_due_in_two_business_days_unless_a_due_date_is_given(api, clock):
    clock.current = kst(2027, 2, 5, 9)
    claim_id = file(api)["id"]
    take_and_respond(api, claim_id)
    clock.current = kst(2027, 2, 5, 14)

    claim = command(api, claim_id, "/fact-checks",
                    {"vendor": {"id": "M-9", "kind": "merchant"}, "question": "휴업일 확인"}, 201)
    claim = command(api, claim_id, "/fact-checks",
                    {"vendor": {"id": "P-1", "kind": "logistics"}, "question": "배송 확인",
                     "due_at": "2027-02-08T12:00:00+09:00"}, 201)

    checks = {fc["id"]: fc for fc in claim["fact_checks"]}
    assert checks["fc-1"]["requested_at"] == "2027-02-05T14:00:00+09:00"
    assert checks["fc-1"]["due_at"] == "2027-02-11T14:00:00+09:00"  # Wed 10 (1), Thu 11 (2)
    assert checks["fc-2"]["due_at"] == "2027-02-08T12:00:00+09:00"  # as requested, a holiday
    assert claim["status"] == "awaiting_vendor"


# -- the statutory clocks of an agency track ------------------------------------------------------

def test_an_agency_track_shows_its_relief_mediation_and_acceptance_clocks(api, clock):
    # The KCA received the customer's request on Thu 2027-01-07 10:00 and forwarded it; the
    # company opens the claim on Mon Jan 11.
    clock.current = kst(2027, 1, 11, 10)
    claim_id = file(api, channel="agency")["id"]
    take_and_respond(api, claim_id)
    claim = command(api, claim_id, "/escalations",
                    {"agency": "kca", "agency_reference": "KCA-2027-0107",
                     "received_at": "2027-01-07T10:00:00+09:00"})
    escalation = claim["escalations"][0]

    # 소비자기본법 §58, 30 days; 민법 §157: Jan 7 is not counted, day 1 is Jan 8;
    # day 24 is Jan 31, day 30 is Sat Feb 6. §161: Sat → Sun 7 (설날) → Mon 8 (설날 다음날)
    # → Tue 9 (대체공휴일) → Wed Feb 10; §159: the period ends when that day ends.
    assert escalation["stage"] == "fact_inquiry"
    assert escalation["deadlines"] == {"relief": iso(end_of_day(2027, 2, 10)),
                                       "mediation_decision": None, "acceptance": None}
    assert claim["status"] == "escalated"

    # The claim's own resolution target (merchant_service, 7 business days from Mon Jan 11:
    # Jan 12, 13, 14, 15, 18, 19, 20) passed long ago; the relief clock runs to Feb 10's end.
    clock.current = kst(2027, 2, 10, 23, 59, 59)
    assert overdue_now(api, claim_id) == ["resolution"]
    clock.current = kst(2027, 2, 11, 0, 0)
    assert overdue_now(api, claim_id) == ["resolution", "relief:e-1"]

    # Referred to the Consumer Dispute Mediation Committee on Fri 2027-02-12 15:00: §66,
    # 30 days from Sat Feb 13 (day 1); Feb 28 is day 16, Sun Mar 14 is day 30 → Mon Mar 15.
    clock.current = kst(2027, 2, 12, 16)
    command(api, claim_id, "/escalations/e-1/stage",
            {"stage": "settlement_recommended", "at": "2027-02-01T10:00:00+09:00"})
    claim = command(api, claim_id, "/escalations/e-1/stage",
                    {"stage": "referred_to_mediation", "at": "2027-02-12T15:00:00+09:00"})
    assert claim["escalations"][0]["deadlines"] == {
        "relief": iso(end_of_day(2027, 2, 10)),
        "mediation_decision": iso(end_of_day(2027, 3, 15)),
        "acceptance": None,
    }
    assert claim["overdue"] == ["resolution"]  # the track now runs on the mediation clock

    # The committee's decision reached the company on Fri 2027-03-12 16:00: §67②, 15 days
    # from Sat Mar 13 (day 1) to Sat Mar 27 (day 15) → Sun 28 → Mon Mar 29.
    clock.current = kst(2027, 3, 12, 17)
    claim = command(api, claim_id, "/escalations/e-1/stage",
                    {"stage": "mediation_decided", "at": "2027-03-12T16:00:00+09:00"})
    assert claim["escalations"][0]["deadlines"]["acceptance"] == iso(end_of_day(2027, 3, 29))
    assert claim["escalations"][0]["deadlines"]["mediation_decision"] == iso(
        end_of_day(2027, 3, 15))

    clock.current = kst(2027, 3, 29, 23, 59, 59)
    assert overdue_now(api, claim_id) == ["resolution"]
    clock.current = kst(2027, 3, 30, 0, 0)
    assert overdue_now(api, claim_id) == ["resolution", "acceptance:e-1"]


def test_a_period_starting_at_midnight_counts_its_first_day_and_the_committee_runs_no_relief_clock(
        api, clock):
    clock.current = kst(2027, 1, 20, 11)
    claim_id = file(api, channel="agency")["id"]
    take_and_respond(api, claim_id)

    # 1372 received it at 00:00 on Mon 2027-01-18: §157 단서, Jan 18 is day 1, day 30 is
    # Tue Feb 16 (a business day after Seollal).
    claim = command(api, claim_id, "/escalations",
                    {"agency": "kca_1372", "agency_reference": "1372-0118",
                     "received_at": "2027-01-18T00:00:00+09:00"})
    # Filed directly with the committee on Wed 2027-01-20 10:00: no KCA relief clock; the
    # mediation clock runs from Thu Jan 21 (day 1) to Fri Feb 19 (day 30).
    claim = command(api, claim_id, "/escalations",
                    {"agency": "mediation_committee", "agency_reference": "CDMC-0120",
                     "received_at": "2027-01-20T10:00:00+09:00"})

    one_372, committee = claim["escalations"]
    assert one_372["deadlines"] == {"relief": iso(end_of_day(2027, 2, 16)),
                                    "mediation_decision": None, "acceptance": None}
    assert committee["stage"] == "referred_to_mediation"
    assert committee["deadlines"] == {"relief": None,
                                      "mediation_decision": iso(end_of_day(2027, 2, 19)),
                                      "acceptance": None}


# -- the work queue's overdue filter -------------------------------------------------------------

def test_the_queue_overdue_filter_picks_exactly_the_claims_past_a_deadline(api, clock):
    customers = [a_customer_id() for _ in range(5)]
    clock.current = kst(2027, 2, 5, 10)
    # first response due Wed Feb 10 10:00 (after Seollal); resolution Thu Feb 18 10:00
    unanswered = file(api, customer={"id": customers[0], "name": "김민수", "tier": "regular"})["id"]
    # a senior: first response due Fri Feb 5 14:00
    senior = file(api, customer={"id": customers[1], "name": "이순자", "tier": "regular",
                                 "vulnerable": ["senior"]})["id"]
    answered = file(api, customer={"id": customers[2], "name": "박영수", "tier": "regular"})["id"]
    take_and_respond(api, answered)
    waiting_on_vendor = file(api, customer={"id": customers[3], "name": "정미영",
                                            "tier": "regular"})["id"]
    take_and_respond(api, waiting_on_vendor)
    command(api, waiting_on_vendor, "/fact-checks",
            {"vendor": {"id": "M-9", "kind": "merchant"}, "question": "휴업일 확인",
             "due_at": "2027-02-08T12:00:00+09:00"}, 201)
    closed = file(api, customer={"id": customers[4], "name": "최지훈", "tier": "regular"})["id"]
    take_and_respond(api, closed)
    command(api, closed, "/closure", {"resolution": "resolved", "summary": "쿠폰 지급"})

    def overdue_ids(moment: datetime, overdue: str = "true") -> dict[str, list[str]]:
        """The queue's answer among this test's customers' claims."""
        clock.current = moment
        found = {}
        for customer in customers:
            response = api.get(API + f"/claims?overdue={overdue}&customer_id={customer}",
                               api.team.supervisor)
            assert response.status_code == 200, response.get_json()
            found.update({item["id"]: item["overdue"] for item in response.get_json()["items"]})
        return found

    assert overdue_ids(kst(2027, 2, 5, 14)) == {}                     # due now is not late
    assert overdue_ids(kst(2027, 2, 5, 14, 0, 1)) == {senior: ["first_response"]}
    assert overdue_ids(kst(2027, 2, 10, 10)) == {                     # A is due this instant
        senior: ["first_response"], waiting_on_vendor: ["fact_check:fc-1"]}
    assert overdue_ids(kst(2027, 2, 10, 10, 0, 1)) == {
        unanswered: ["first_response"], senior: ["first_response"],
        waiting_on_vendor: ["fact_check:fc-1"]}
    assert set(overdue_ids(kst(2027, 2, 10, 10, 0, 1), "false")) == {answered, closed}
    # Thu Feb 18 10:00 + 1 s: every open claim is past its resolution target too
    assert overdue_ids(kst(2027, 2, 18, 10, 0, 1)) == {
        unanswered: ["first_response", "resolution"], senior: ["first_response", "resolution"],
        answered: ["resolution"], waiting_on_vendor: ["fact_check:fc-1", "resolution"]}


def test_the_claim_and_the_queue_agree_on_deadlines_and_overdue(api, clock):
    customer = a_customer_id()
    clock.current = kst(2026, 10, 2, 10)
    claim_id = file(api, customer_id=customer)["id"]
    clock.current += timedelta(days=5)  # Wed Oct 7: past Tue Oct 6 10:00

    detail = api.get(API + f"/claims/{claim_id}", api.team.agent).get_json()
    queue = api.get(API + f"/claims?overdue=true&customer_id={customer}", api.team.agent
                    ).get_json()["items"]

    assert [item["id"] for item in queue] == [claim_id]
    assert queue[0]["deadlines"] == detail["deadlines"]
    assert queue[0]["overdue"] == detail["overdue"] == ["first_response"]
