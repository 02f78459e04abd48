"""Deadlines derived from a claim's facts: service targets and the statutory agency clocks."""
from __future__ import annotations

import ast
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from casemgmt.domain import agency_deadlines as agency_deadlines_module
from casemgmt.domain import calendar as calendar_module
from casemgmt.domain import deadlines as deadlines_module
from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.claim import Claim
from casemgmt.domain.deadlines import (
    DeadlinePolicy, claim_deadlines, escalation_deadlines, fact_check_due, overdue,
    statutory_period_end,
)
from casemgmt.domain.values import Customer
from tests.builders import AGENT, SUPERVISOR, end_of_day, kst

AUTHORITY = AuthorityPolicy()
POLICY = DeadlinePolicy()
CALENDAR = BusinessCalendar()


def a_claim(received_at: datetime, *, category: str = "merchant_service",
            vulnerable: tuple[str, ...] = ()) -> Claim:
    """A claim filed at its receipt and taken by the agent (no response yet)."""
    claim = Claim.file(
        channel="phone", category=category,
        customer=Customer(id="C-1001", name="김민수", vulnerable=list(vulnerable)),
        order=None, summary="레스토랑 이용권: 두 번 방문했는데 모두 휴업", description=None,
        received_at=received_at, by=AGENT, at=received_at)
    claim.assign(AGENT, by=AGENT, at=received_at)
    return claim


def an_escalated_claim(agency: str, received_at: datetime) -> tuple[Claim, str]:
    claim = a_claim(received_at - timedelta(days=7))
    escalation_id = claim.escalate(agency, "KCA-2026-0417", received_at, None,
                                   by=AGENT, at=received_at)
    return claim, escalation_id


# -- first response ---------------------------------------------------------------------------

def test_first_response_is_due_one_business_day_after_receipt_at_the_same_time():
    # Arrange
    claim = a_claim(kst(2026, 11, 17, 15, 30))   # Tuesday

    # Act
    due = claim_deadlines(claim, POLICY, CALENDAR)["first_response"]

    # Assert
    assert due == kst(2026, 11, 18, 15, 30)


def test_first_response_for_a_friday_claim_is_due_on_monday():
    claim = a_claim(kst(2026, 11, 20, 17))
    assert claim_deadlines(claim, POLICY, CALENDAR)["first_response"] == kst(2026, 11, 23, 17)


def test_first_response_for_a_vulnerable_customer_is_due_in_four_calendar_hours():
    # Arrange: Friday evening; business hours would push it to Monday.
    claim = a_claim(kst(2026, 11, 20, 19), vulnerable=("senior",))

    # Act
    due = claim_deadlines(claim, POLICY, CALENDAR)["first_response"]

    # Assert
    assert due == kst(2026, 11, 20, 23)


def test_first_response_after_an_abuse_report_is_due_four_hours_after_the_report():
    # Arrange
    claim = a_claim(kst(2026, 11, 17, 9))
    claim.report_abuse("verbal_abuse", "욕설", by=AGENT, at=kst(2026, 11, 17, 10, 30))

    # Act
    due = claim_deadlines(claim, POLICY, CALENDAR)["first_response"]

    # Assert
    assert due == kst(2026, 11, 17, 14, 30)


def test_a_late_abuse_report_never_lengthens_the_first_response_deadline():
    # Arrange: reported the next morning, after which 4 hours end later than the standard.
    claim = a_claim(kst(2026, 11, 17, 9))
    claim.report_abuse("repeated_contact", None, by=AGENT, at=kst(2026, 11, 18, 8))

    # Act
    due = claim_deadlines(claim, POLICY, CALENDAR)["first_response"]

    # Assert
    assert due == kst(2026, 11, 18, 9)


def test_the_priority_window_is_configurable():
    claim = a_claim(kst(2026, 11, 20, 19), vulnerable=("visually_impaired",))
    policy = DeadlinePolicy(priority_first_response=timedelta(hours=2))
    assert claim_deadlines(claim, policy, CALENDAR)["first_response"] == kst(2026, 11, 20, 21)


def test_first_response_deadline_is_still_reported_after_it_was_met():
    # Arrange
    claim = a_claim(kst(2026, 11, 17, 15))
    claim.respond("확인 후 연락드리겠습니다.", "phone", by=AGENT, at=kst(2026, 11, 17, 16))

    # Act
    deadlines = claim_deadlines(claim, POLICY, CALENDAR)

    # Assert
    assert deadlines["first_response"] == kst(2026, 11, 18, 15)
    assert claim.first_response_at < deadlines["first_response"]


# -- fact checks ------------------------------------------------------------------------------

def test_a_fact_check_without_due_date_is_due_two_business_days_later_skipping_chuseok():
    # Arrange: requested the day before Chuseok 2026 (Sep 24–26); Mon 28 and Tue 29 count.
    claim = a_claim(kst(2026, 9, 23, 9))
    fact_check_id = claim.request_fact_check("M-9", "merchant", "영업일에 휴업했나요?", None,
                                             by=AGENT, at=kst(2026, 9, 23, 14))

    # Act
    due = fact_check_due(claim.fact_check(fact_check_id), POLICY, CALENDAR)

    # Assert
    assert due == kst(2026, 9, 29, 14)


def test_a_fact_check_keeps_the_due_date_it_was_requested_with():
    # Arrange
    claim = a_claim(kst(2026, 11, 17, 9))
    fact_check_id = claim.request_fact_check("PHOTO", "internal", "색상 차이는?",
                                             kst(2026, 11, 17, 18), by=AGENT,
                                             at=kst(2026, 11, 17, 10))

    # Act
    due = fact_check_due(claim.fact_check(fact_check_id), POLICY, CALENDAR)

    # Assert
    assert due == kst(2026, 11, 17, 18)


# -- refund -----------------------------------------------------------------------------------

def test_refund_is_due_by_the_end_of_the_third_business_day_after_an_approved_decision():
    # Arrange: approved on the Friday before Seollal 2027 (Feb 6–9 are holidays).
    claim = a_claim(kst(2027, 2, 4, 9), category="refund_delay")
    claim.propose_decision("refund", 20_000, "두 번 모두 휴업: 이용권 전액 환불", by=AGENT,
                           at=kst(2027, 2, 5, 11), policy=AUTHORITY)

    # Act
    due = claim_deadlines(claim, POLICY, CALENDAR)["refund"]

    # Assert: Wed 10, Thu 11, Fri 12.
    assert due == end_of_day(2027, 2, 12)


def test_refund_counts_from_the_supervisors_approval_of_a_pending_decision():
    # Arrange: beyond the agent's authority, approved by a supervisor on Monday.
    claim = a_claim(kst(2026, 11, 19, 9))
    decision_id = claim.propose_decision("partial_refund", 80_000, "색상 차이: 부분 환불",
                                         by=AGENT, at=kst(2026, 11, 19, 10), policy=AUTHORITY)
    pending = claim_deadlines(claim, POLICY, CALENDAR)["refund"]
    claim.review_decision(decision_id, True, None, by=SUPERVISOR, at=kst(2026, 11, 23, 9),
                          policy=AUTHORITY)

    # Act
    due = claim_deadlines(claim, POLICY, CALENDAR)["refund"]

    # Assert
    assert pending is None
    assert due == end_of_day(2026, 11, 26)


def test_no_refund_deadline_without_an_approved_refund_decision():
    claim = a_claim(kst(2026, 11, 17, 9))
    claim.propose_decision("coupon", 5_000, "불편에 대한 사과 쿠폰", by=AGENT,
                           at=kst(2026, 11, 17, 10), policy=AUTHORITY)
    assert claim_deadlines(claim, POLICY, CALENDAR)["refund"] is None


# -- resolution -------------------------------------------------------------------------------

@pytest.mark.parametrize(("category", "expected"), [
    ("delivery", kst(2026, 11, 20, 10)),           # 3 business days
    ("exchange_return", kst(2026, 11, 24, 10)),    # 5
    ("merchant_service", kst(2026, 11, 26, 10)),   # 7
])
def test_resolution_target_depends_on_the_category(category, expected):
    claim = a_claim(kst(2026, 11, 17, 10), category=category)
    assert claim_deadlines(claim, POLICY, CALENDAR)["resolution"] == expected


def test_resolution_crosses_the_year_end_over_new_years_day_and_the_weekend():
    # Arrange: Wed Dec 30, 2026; Dec 31 counts, Jan 1–3 do not.
    claim = a_claim(kst(2026, 12, 30, 10), category="delivery")

    # Act
    due = claim_deadlines(claim, POLICY, CALENDAR)["resolution"]

    # Assert
    assert due == kst(2027, 1, 5, 10)


def test_resolution_targets_are_configurable_with_a_default_for_unlisted_categories():
    # Arrange
    policy = DeadlinePolicy(resolution_business_days={"delivery": 1},
                            default_resolution_business_days=2)

    # Act
    delivery = claim_deadlines(a_claim(kst(2026, 11, 17, 10), category="delivery"), policy,
                               CALENDAR)
    other = claim_deadlines(a_claim(kst(2026, 11, 17, 10), category="membership"), policy,
                            CALENDAR)

    # Assert
    assert delivery["resolution"] == kst(2026, 11, 18, 10)
    assert other["resolution"] == kst(2026, 11, 19, 10)


def test_claim_deadlines_name_exactly_three_clocks():
    assert set(claim_deadlines(a_claim(kst(2026, 11, 17, 10)))) == {
        "first_response", "resolution", "refund"}


# -- statutory counting (민법 제157·159·161조) --------------------------------------------------

def test_a_statutory_period_excludes_the_first_day_and_ends_at_the_end_of_the_last():
    # Tue Nov 17, 2026 10:00 + 30 days → day 1 is Nov 18, day 30 is Thu Dec 17.
    assert statutory_period_end(kst(2026, 11, 17, 10), 30, CALENDAR) == end_of_day(2026, 12, 17)


def test_a_statutory_period_starting_at_midnight_counts_its_first_day():
    assert statutory_period_end(kst(2026, 11, 17, 0), 30, CALENDAR) == end_of_day(2026, 12, 16)


def test_a_statutory_period_ending_on_a_saturday_ends_on_the_next_business_day():
    # Day 15 from Fri Sep 18, 2026 is Sat Oct 3 (개천절), then Sun 4, Mon 5 (substitute).
    assert statutory_period_end(kst(2026, 9, 18, 15), 15, CALENDAR) == end_of_day(2026, 10, 6)


# -- agency track: relief (소비자기본법 제58조) --------------------------------------------------

def test_relief_ends_thirty_days_after_the_agencys_receipt_moved_past_a_sunday():
    # Arrange: received Fri Nov 20, 2026; day 30 is Sun Dec 20.
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 20, 10))

    # Act
    clocks = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR)

    # Assert
    assert clocks == {"relief": end_of_day(2026, 12, 21), "mediation_decision": None,
                      "acceptance": None}


def test_relief_ends_when_the_thirtieth_day_after_receipt_ends():
    # Arrange: received Tue Nov 10, 2026; Nov 11 is day 1, Thu Dec 10 is day 30 and Fri Dec 11
    # day 31, both working days: a count of 31 days would end a day late.
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 10, 15))

    # Act
    relief = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR)["relief"]

    # Assert
    assert relief == end_of_day(2026, 12, 10)


def test_relief_received_at_midnight_counts_the_day_of_receipt():
    # Arrange: received at 00:00 on Tue Nov 10, 2026, so Nov 10 is day 1 and Wed Dec 9 day 30.
    claim, escalation_id = an_escalated_claim("kca_1372", kst(2026, 11, 10, 0))

    # Act
    relief = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR)["relief"]

    # Assert
    assert relief == end_of_day(2026, 12, 9)


def test_a_relief_track_is_overdue_from_the_first_instant_after_its_thirtieth_day():
    # Arrange: received Tue Nov 10, 2026; relief ends with Thu Dec 10.
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 10, 15))

    # Act
    on_the_last_instant = overdue(claim, end_of_day(2026, 12, 10), POLICY, CALENDAR)
    just_after = overdue(claim, kst(2026, 12, 11), POLICY, CALENDAR)

    # Assert
    assert f"relief:{escalation_id}" not in on_the_last_instant
    assert f"relief:{escalation_id}" in just_after


def test_relief_ending_on_seollal_2027_moves_past_the_substitute_holiday():
    # Arrange: received Thu Jan 7, 2027; day 30 is Sat Feb 6, Seollal runs to Tue Feb 9.
    claim, escalation_id = an_escalated_claim("kca_1372", kst(2027, 1, 7, 16))

    # Act
    relief = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR)["relief"]

    # Assert
    assert relief == end_of_day(2027, 2, 10)


def test_relief_extended_by_the_full_sixty_days_ends_ninety_days_after_receipt():
    # Arrange
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 20, 10))

    # Act
    relief = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR,
                                  extension_days=60)["relief"]

    # Assert: day 90 is Thu Feb 18, 2027.
    assert relief == end_of_day(2027, 2, 18)


def test_relief_cannot_be_extended_beyond_sixty_days():
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 20, 10))
    with pytest.raises(ValueError, match="60"):
        escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR,
                             extension_days=61)


def test_a_case_filed_directly_with_the_mediation_committee_has_no_relief_clock():
    # Arrange: the track opens at referred_to_mediation on the committee's receipt.
    claim, escalation_id = an_escalated_claim("mediation_committee", kst(2026, 12, 1, 14))

    # Act
    clocks = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR)

    # Assert
    assert clocks["relief"] is None
    assert clocks["mediation_decision"] == end_of_day(2026, 12, 31)


# -- agency track: mediation (제66조) and acceptance (제67조) -------------------------------------

def test_mediation_must_be_decided_thirty_days_after_referral():
    # Arrange
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 2, 10))
    claim.advance_escalation(escalation_id, "referred_to_mediation", kst(2026, 12, 1, 14), None,
                             by=AGENT, at=kst(2026, 12, 1, 15))

    # Act
    clocks = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR)

    # Assert
    assert clocks["mediation_decision"] == end_of_day(2026, 12, 31)
    assert clocks["acceptance"] is None


def test_an_extended_mediation_ending_on_a_saturday_ends_on_monday():
    # Arrange: +30 days lands on Sat Jan 30, 2027.
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 2, 10))
    claim.advance_escalation(escalation_id, "referred_to_mediation", kst(2026, 12, 1, 14), None,
                             by=AGENT, at=kst(2026, 12, 1, 15))

    # Act
    clocks = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR,
                                  mediation_extension_days=30)

    # Assert
    assert clocks["mediation_decision"] == end_of_day(2027, 2, 1)


def test_acceptance_is_due_fifteen_days_after_the_committees_decision():
    # Arrange
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 8, 3, 10))
    claim.advance_escalation(escalation_id, "referred_to_mediation", kst(2026, 9, 2, 10), None,
                             by=AGENT, at=kst(2026, 9, 2, 11))
    claim.advance_escalation(escalation_id, "mediation_decided", kst(2026, 11, 2, 10), None,
                             by=AGENT, at=kst(2026, 11, 2, 11))

    # Act
    acceptance = escalation_deadlines(claim.escalation(escalation_id), POLICY,
                                      CALENDAR)["acceptance"]

    # Assert: day 15 is Tue Nov 17.
    assert acceptance == end_of_day(2026, 11, 17)


def test_acceptance_ending_on_a_holiday_weekend_moves_past_the_substitute_holiday():
    # Arrange: decided Fri Sep 18, 2026; day 15 is Sat Oct 3 (개천절), Mon Oct 5 substitute.
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 7, 1, 10))
    claim.advance_escalation(escalation_id, "mediation_decided", kst(2026, 9, 18, 15), None,
                             by=AGENT, at=kst(2026, 9, 18, 16))

    # Act
    clocks = escalation_deadlines(claim.escalation(escalation_id), POLICY, CALENDAR)

    # Assert
    assert clocks["acceptance"] == end_of_day(2026, 10, 6)
    assert clocks["mediation_decision"] is None   # the referral stage was skipped


# -- overdue ----------------------------------------------------------------------------------

def test_an_unanswered_claim_is_overdue_for_first_response_only_after_the_deadline():
    # Arrange
    claim = a_claim(kst(2026, 11, 17, 15))
    deadline = kst(2026, 11, 18, 15)

    # Act
    at_deadline = overdue(claim, deadline, POLICY, CALENDAR)
    just_after = overdue(claim, deadline + timedelta(microseconds=1), POLICY, CALENDAR)

    # Assert
    assert at_deadline == []
    assert just_after == ["first_response"]


def test_a_late_first_response_is_no_longer_overdue():
    claim = a_claim(kst(2026, 11, 17, 15))
    claim.respond("늦어서 죄송합니다.", "phone", by=AGENT, at=kst(2026, 11, 19, 9))
    assert overdue(claim, kst(2026, 11, 19, 10), POLICY, CALENDAR) == []


def test_an_open_fact_check_past_its_due_date_is_overdue_and_an_answered_one_is_not():
    # Arrange
    claim = a_claim(kst(2026, 11, 16, 9))
    claim.respond("확인 중입니다.", "phone", by=AGENT, at=kst(2026, 11, 16, 10))
    open_id = claim.request_fact_check("M-9", "merchant", "휴업일?", None, by=AGENT,
                                       at=kst(2026, 11, 16, 11))
    answered_id = claim.request_fact_check("LOG-1", "logistics", "배송일?", None, by=AGENT,
                                           at=kst(2026, 11, 16, 11))
    before_answer = overdue(claim, kst(2026, 11, 18, 12), POLICY, CALENDAR)
    claim.answer_fact_check(answered_id, "confirmed", "11/17 배송", [], by=AGENT,
                            at=kst(2026, 11, 19, 9))

    # Act: both were due Wed Nov 18 11:00; one is answered (late) on Thu.
    missed = overdue(claim, kst(2026, 11, 19, 12), POLICY, CALENDAR)

    # Assert
    assert before_answer == [f"fact_check:{open_id}", f"fact_check:{answered_id}"]
    assert missed == [f"fact_check:{open_id}"]


def test_an_open_claim_past_its_resolution_target_is_overdue_and_a_closed_one_is_not():
    # Arrange: delivery, received Tue Nov 17 → due Fri Nov 20 10:00.
    claim = a_claim(kst(2026, 11, 17, 10), category="delivery")
    claim.respond("배송 조회하겠습니다.", "chat", by=AGENT, at=kst(2026, 11, 17, 11))
    open_missed = overdue(claim, kst(2026, 11, 20, 11), POLICY, CALENDAR)
    claim.close("resolved", "배송 완료 확인", by=AGENT, at=kst(2026, 11, 20, 12))

    # Act
    closed_missed = overdue(claim, kst(2026, 11, 20, 13), POLICY, CALENDAR)

    # Assert
    assert open_missed == ["resolution"]
    assert closed_missed == []


def test_an_open_agency_track_is_overdue_by_the_clock_of_its_furthest_stage():
    # Arrange: relief ends Dec 21, 2026; referred on Dec 1 → the mediation clock governs.
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 20, 10))
    claim.respond("소비자원 건 확인 중", "phone", by=AGENT, at=kst(2026, 11, 20, 11))
    relief_missed = overdue(claim, kst(2026, 12, 22, 9), POLICY, CALENDAR)
    claim.advance_escalation(escalation_id, "referred_to_mediation", kst(2026, 12, 1, 14), None,
                             by=AGENT, at=kst(2026, 12, 22, 10))

    # Act
    before_mediation_deadline = overdue(claim, kst(2026, 12, 22, 11), POLICY, CALENDAR)
    after_mediation_deadline = overdue(claim, kst(2027, 1, 1, 0), POLICY, CALENDAR)

    # Assert
    assert f"relief:{escalation_id}" in relief_missed
    assert f"relief:{escalation_id}" not in before_mediation_deadline
    assert f"mediation_decision:{escalation_id}" in after_mediation_deadline


def test_a_concluded_agency_track_is_never_overdue():
    # Arrange
    claim, escalation_id = an_escalated_claim("kca", kst(2026, 11, 20, 10))
    claim.conclude_escalation(escalation_id, "settled", "합의", by=AGENT, at=kst(2026, 12, 1, 10))

    # Act
    missed = overdue(claim, kst(2027, 3, 1, 10), POLICY, CALENDAR)

    # Assert
    assert not any(name.startswith(("relief", "mediation", "acceptance")) for name in missed)


def test_overdue_refuses_a_naive_now():
    with pytest.raises(ValueError):
        overdue(a_claim(kst(2026, 11, 17, 10)), datetime(2026, 11, 20, 10), POLICY, CALENDAR)


# -- policy and purity ------------------------------------------------------------------------

def test_a_policy_is_immutable_and_rejects_negative_periods():
    # Arrange
    policy = DeadlinePolicy()

    # Act / Assert
    with pytest.raises(AttributeError):
        policy.relief_days = 10  # type: ignore[misc]
    with pytest.raises(TypeError):
        policy.resolution_business_days["delivery"] = 1  # type: ignore[index]
    with pytest.raises(ValueError):
        DeadlinePolicy(fact_check_business_days=-1)


@pytest.mark.parametrize("module", [calendar_module, deadlines_module, agency_deadlines_module])
def test_the_deadline_modules_import_only_the_standard_library_and_holidays(module):
    # Arrange
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))

    # Act
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module}

    # Assert
    assert imported <= {"__future__", "dataclasses", "datetime", "functools", "types",
                        "typing", "holidays"}
