"""The remedy standard's formulas against worked examples from the sources, with the numbers
the Korean explanation shows; no tables, no database."""
from __future__ import annotations

import pytest

from casemgmt.domain.remedy_standard import formulas
from casemgmt.domain.remedy_standard.formulas import BadInput
from casemgmt.domain.remedy_standard.kinds import bands
from casemgmt.domain.remedy_standard.terms import Term

FARE = Term("운임", 4_000)
PRICE = Term("구입가", 600_000)
LIFE = Term("내용연수", 60, "개월")
SINCE_2014 = bands([{"from_days": 30, "percent": 0},
                    {"from_days": 20, "to_days": 29, "percent": 10},
                    {"from_days": 10, "to_days": 19, "percent": 15},
                    {"from_days": 8, "to_days": 9, "percent": 20},
                    {"from_days": 1, "to_days": 7, "percent": 30},
                    {"from_days": 0, "to_days": 0, "percent": 50}])
BEFORE_2011 = bands([{"from_days": 20, "percent": 0},
                     {"from_days": 10, "to_days": 19, "percent": 5},
                     {"from_days": 8, "to_days": 9, "percent": 10},
                     {"from_days": 1, "to_days": 7, "percent": 20},
                     {"from_days": 0, "to_days": 0, "percent": 50}])


def days_late(n: int) -> Term:
    return Term("초과일수", n, "일")


def months_used(n: int) -> Term:
    return Term("사용기간", n, "개월")


def voucher(face: int, paid: int, remaining: int, percent: int = 90):
    return formulas.voucher_refund(Term("권면금액", face), Term("지급한 금액", paid),
                                   Term("잔액", remaining), percent=percent)


def trip(days: int, schedule, *, paid: int = 1_000_000, by: str = "consumer"):
    return formulas.cancellation_schedule(Term("여행요금", 1_000_000), Term("지급한 금액", paid),
                                          Term("출발 전 일수", days, "일"), cancelled_by=by,
                                          bands=schedule)


def depreciation(used: int, *, add_on: int = 10, of: str = "price", price: Term = PRICE,
                 life: Term = LIFE):
    return formulas.depreciation_refund(price, months_used(used), life, add_on_percent=add_on,
                                        add_on_of=of, cap_at_price=True)


# -- 상품권: 90% of the remaining value, scaled by a discounted purchase ------------------------

def test_an_unused_voucher_bought_at_a_discount_refunds_ninety_percent_of_what_was_paid():
    outcome = voucher(face=10_000, paid=9_000, remaining=10_000)

    assert outcome.amount_krw == 8_100
    assert outcome.explanation_ko == ("잔액 10,000원 × (지급한 금액 9,000원 / 권면금액 10,000원)"
                                      " = 9,000원; × 90% = 8,100원")


def test_a_voucher_bought_at_face_value_refunds_ninety_percent_of_its_remainder():
    outcome = voucher(face=50_000, paid=50_000, remaining=20_000)

    assert outcome.amount_krw == 18_000
    assert outcome.explanation_ko == "잔액 20,000원 × 90% = 18,000원"


def test_each_money_step_of_a_grant_is_rounded_down_to_the_won():
    outcome = voucher(face=10_000, paid=9_999, remaining=3_333)   # 3,332.67 → 3,332; 2,998.8

    assert outcome.amount_krw == 2_998
    assert "= 3,332원; × 90% = 2,998원" in outcome.explanation_ko


@pytest.mark.parametrize("face, paid, remaining, named", [
    (0, 0, 0, "face_value_krw"), (10_000, 12_000, 10_000, "paid_krw"),
    (10_000, 9_000, 10_001, "remaining_krw")])
def test_a_voucher_that_cannot_exist_is_refused_naming_the_input(face, paid, remaining, named):
    with pytest.raises(BadInput) as refused:
        voucher(face, paid, remaining)

    assert refused.value.role == named


# -- 택배 지연: days late × fare × 50%, at most 200% of the fare --------------------------------

def test_a_parcel_three_days_late_earns_half_the_fare_per_day():
    outcome = formulas.capped_multiple_of_fare(days_late(3), FARE, percent_per_day=50,
                                               cap_percent=200)

    assert outcome.amount_krw == 6_000
    assert outcome.explanation_ko == ("초과일수 3일 × 운임 4,000원 × 50% = 6,000원 "
                                      "(한도: 운임의 200% = 8,000원)")


@pytest.mark.parametrize("late, expected", [(4, 8_000), (5, 8_000), (30, 8_000)])
def test_a_parcel_delay_pays_at_most_twice_the_fare(late, expected):
    outcome = formulas.capped_multiple_of_fare(days_late(late), FARE, percent_per_day=50,
                                               cap_percent=200)

    assert outcome.amount_krw == expected


def test_a_capped_delay_says_the_cap_was_applied():
    outcome = formulas.capped_multiple_of_fare(days_late(5), FARE, percent_per_day=50,
                                               cap_percent=200)

    assert outcome.explanation_ko == ("초과일수 5일 × 운임 4,000원 × 50% = 10,000원, "
                                      "한도 운임의 200% = 8,000원을 넘어 8,000원")


@pytest.mark.parametrize("damage, expected", [(120_000, 120_000), (500_000, 500_000),
                                              (620_000, 500_000)])
def test_a_lost_parcel_without_a_declared_value_pays_at_most_500000_won(damage, expected):
    outcome = formulas.fixed_cap(Term("손해액", damage), cap_krw=500_000)

    assert outcome.amount_krw == expected


# -- 국외여행: cancellation by days before departure -----------------------------------------

def test_a_trip_cancelled_eight_days_before_departure_keeps_twenty_percent_since_2011():
    outcome = trip(8, SINCE_2014)

    assert outcome.amount_krw == 800_000
    assert outcome.explanation_ko == (
        "출발 전 일수 8일 (8~9일 구간: 20%) → 여행요금 1,000,000원 × 20% = 200,000원 공제; "
        "지급한 금액 1,000,000원 − 200,000원 = 800,000원 환급")


def test_a_trip_cancelled_eight_days_before_departure_kept_ten_percent_before_2011():
    assert trip(8, BEFORE_2011).amount_krw == 900_000


@pytest.mark.parametrize("days, expected", [(30, 1_000_000), (29, 900_000), (20, 900_000),
                                            (19, 850_000), (10, 850_000), (9, 800_000),
                                            (7, 700_000), (1, 700_000), (0, 500_000)])
def test_each_band_of_the_current_schedule_starts_and_ends_where_the_standard_says(days, expected):
    assert trip(days, SINCE_2014).amount_krw == expected


def test_a_charge_larger_than_what_was_paid_refunds_nothing_rather_than_less_than_nothing():
    outcome = trip(0, SINCE_2014, paid=100_000)    # a deposit only, cancelled on the day

    assert outcome.amount_krw == 0
    assert "100,000원 − 500,000원 ≤ 0 → 환급 0원" in outcome.explanation_ko


def test_an_agency_that_cancels_refunds_everything_and_pays_the_same_percentage_on_top():
    outcome = trip(8, SINCE_2014, by="business")

    assert outcome.amount_krw == 1_200_000
    assert outcome.explanation_ko.endswith("200,000원 배상 = 1,200,000원")


def test_a_cancellation_charge_is_rounded_up_so_the_refund_is_rounded_down():
    outcome = formulas.cancellation_schedule(
        Term("여행요금", 999_999), Term("지급한 금액", 999_999), Term("출발 전 일수", 15, "일"),
        cancelled_by="consumer", bands=SINCE_2014)      # 15% of 999,999 = 149,999.85

    assert outcome.amount_krw == 849_999


# -- 가전: parts missing → price − straight-line depreciation + an add-on --------------------

def test_a_washer_without_parts_refunds_the_remainder_plus_ten_percent_of_the_price():
    outcome = depreciation(50, add_on=10)     # 600,000 × 50/60 = 500,000 depreciated

    assert outcome.amount_krw == 160_000
    assert outcome.explanation_ko == (
        "감가상각비 = 구입가 600,000원 × 사용기간 50개월 / 내용연수 60개월 = 500,000원; "
        "잔여금액 600,000원 − 500,000원 = 100,000원; 가산 구입가의 10% = 60,000원; "
        "환급 100,000원 + 60,000원 = 160,000원")


def test_before_2018_the_add_on_was_five_percent_of_the_price():
    assert depreciation(50, add_on=5).amount_krw == 130_000


def test_before_2011_the_add_on_was_ten_percent_of_the_remainder():
    assert depreciation(50, add_on=10, of="remainder").amount_krw == 110_000


def test_a_negative_remainder_counts_as_zero_and_the_add_on_is_still_paid():
    outcome = depreciation(80)                # 800,000 depreciated on a 600,000 washer

    assert outcome.amount_krw == 60_000
    assert "잔여금액 600,000원 − 800,000원 < 0 → 0원" in outcome.explanation_ko


def test_the_refund_never_exceeds_the_purchase_price():
    outcome = depreciation(1)                 # 590,000 + 60,000 = 650,000

    assert outcome.amount_krw == 600_000
    assert outcome.explanation_ko.endswith("한도 구입가 600,000원을 넘어 600,000원")


def test_depreciation_is_a_deduction_so_it_is_rounded_up():
    outcome = depreciation(1, price=Term("구입가", 100_000), life=Term("내용연수", 3, "개월"))

    assert "= 33,334원" in outcome.explanation_ko     # 33,333.33 deducted → 33,334
    assert outcome.amount_krw == 76_666                # 66,666 + 10,000


def test_a_useful_life_of_zero_months_is_refused():
    with pytest.raises(BadInput) as refused:
        depreciation(1, life=Term("내용연수", 0, "개월"))

    assert refused.value.role == "useful_life_months"


# -- the rest ------------------------------------------------------------------------------

def test_a_full_refund_reads_as_the_whole_amount():
    outcome = formulas.percent_of_amount(Term("구입가", 89_000), percent=100)

    assert (outcome.amount_krw, outcome.explanation_ko) == (89_000, "구입가 89,000원 전액 = 89,000원")


def test_harm_from_food_adds_treatment_expenses_and_lost_income():
    outcome = formulas.damages_sum(Term("치료비", 150_000), Term("경비", 12_000),
                                   Term("일실소득", 100_000))

    assert outcome.amount_krw == 262_000
    assert outcome.explanation_ko == "치료비 150,000원 + 경비 12,000원 + 일실소득 100,000원 = 262,000원"


def test_an_exchange_has_no_amount():
    assert formulas.in_kind().amount_krw is None
