"""The shipped tables through RemedyStandard: the edition in force on a day (the day before and
the day a new edition starts), what each edition's rules grant, and inputs refused by name."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from casemgmt.application.remedies import RemedyStandard
from casemgmt.domain.errors import InvalidCommand
from casemgmt.domain.remedy_standard import NotInStandard
from casemgmt.infrastructure.standard_tables import shipped_standard_tables

STANDARD = RemedyStandard(shipped_standard_tables())
WASHER = {"price_krw": 600_000, "months_used": 50, "useful_life_months": 60}


def a_trip_cancelled(days_before: int, on: date, rule: str = "overseas_travel-1") -> int:
    inputs = {"tour_price_krw": 1_000_000, "paid_krw": 1_000_000,
              "days_before_departure": days_before}
    return STANDARD.calculate(rule, inputs, on=on).remedies[0].amount_krw


def the_day_before(day: date) -> date:
    return day - timedelta(days=1)


@pytest.mark.parametrize("starts, edition", [
    (date(2011, 12, 28), "FTC-2011-12-28"), (date(2014, 3, 21), "FTC-2014-03-21"),
    (date(2018, 2, 28), "FTC-2018-02-28"), (date(2020, 1, 1), "FTC-2020-01-01"),
    (date(2021, 5, 25), "FTC-2021-05-25"), (date(2023, 12, 20), "FTC-2023-12-20")])
def test_an_edition_is_in_force_from_its_first_day_and_not_the_day_before(starts, edition):
    before, on_the_day = STANDARD.edition_on(the_day_before(starts)), STANDARD.edition_on(starts)

    assert on_the_day.id == edition
    assert before.id != edition and before.effective_to == the_day_before(starts)


def test_the_2021_edition_is_notice_2021_7():
    assert STANDARD.edition_on(date(2022, 6, 1)).notice == "공정거래위원회고시 제2021-7호"


def test_a_day_before_the_first_edition_in_the_tables_has_no_edition():
    with pytest.raises(NotInStandard) as refused:
        STANDARD.edition_on(date(2009, 12, 31))

    assert refused.value.rule == "standard.no_edition_in_force"


# -- 국외여행: the cancellation schedule by edition --------------------------------------------

def test_a_trip_cancelled_eight_days_before_departure_under_each_edition():
    assert a_trip_cancelled(8, on=date(2011, 6, 1)) == 900_000      # 10% before 2011-12-28
    assert a_trip_cancelled(8, on=date(2012, 6, 1)) == 800_000      # 20% from 2011-12-28
    assert a_trip_cancelled(8, on=date(2024, 6, 1)) == 800_000      # 20% since


def test_a_trip_cancelled_35_days_ahead_became_free_on_2014_03_21():
    assert a_trip_cancelled(35, on=date(2014, 3, 20)) == 900_000
    assert a_trip_cancelled(35, on=date(2014, 3, 21)) == 1_000_000


def test_a_trip_cancelled_25_days_ahead_was_free_before_2011_12_28_and_costs_ten_percent_after():
    assert a_trip_cancelled(25, on=date(2011, 12, 27)) == 1_000_000
    assert a_trip_cancelled(25, on=date(2011, 12, 28)) == 900_000


def test_an_agency_cancelling_for_too_few_travellers_two_days_ahead_pays_thirty_percent():
    amount = a_trip_cancelled(2, on=date(2024, 6, 1), rule="overseas_travel-3")

    assert amount == 1_300_000


# -- 가전 and 스마트폰: the add-on for missing parts and the warranty -----------------------------

def test_the_add_on_for_missing_parts_went_from_five_to_ten_percent_on_2018_02_28():
    before = STANDARD.calculate("appliance-5", WASHER, on=date(2018, 2, 27))
    after = STANDARD.calculate("appliance-5", WASHER, on=date(2018, 2, 28))

    assert before.remedies[0].amount_krw == 130_000
    assert after.remedies[0].amount_krw == 160_000
    assert (before.rule.since, after.rule.since) == ("FTC-2011-12-28", "FTC-2018-02-28")


def test_before_2011_the_add_on_was_ten_percent_of_the_remainder():
    calculation = STANDARD.calculate("appliance-5", WASHER, on=date(2011, 1, 3))

    assert calculation.remedies[0].amount_krw == 110_000


def test_a_smartphone_warranty_is_one_year_until_2019_and_two_years_from_2020():
    def warranty(on: date) -> int:
        edition = STANDARD.edition_on(on).id
        (body,) = [p for p in STANDARD.warranty_periods(edition, "9.11") if p.part_ko is None]
        return body.warranty_months

    assert (warranty(date(2019, 12, 31)), warranty(date(2020, 1, 1))) == (12, 24)


def test_smartphone_rules_do_not_exist_before_the_2011_revision_that_created_them():
    with pytest.raises(NotInStandard) as refused:
        STANDARD.calculate("9.11-1", {"price_krw": 1_200_000}, on=date(2011, 12, 27))

    assert refused.value.rule == "standard.rule_not_in_edition"


# -- rows carried over, and rows an edition changed without our transcribing it --------------

def test_a_rule_unchanged_since_2010_is_in_force_in_later_editions_citing_where_it_started():
    calculation = STANDARD.calculate("60-3", {"days_late": 3, "fare_krw": 4_000},
                                     edition="FTC-2023-12-20")

    assert calculation.edition.id == "FTC-2023-12-20"
    assert calculation.rule.since == "FTC-2010-01-29"
    assert calculation.remedies[0].amount_krw == 6_000


def test_an_item_changed_by_an_edition_but_not_transcribed_is_calculated_with_a_warning():
    calculation = STANDARD.calculate("restaurant-1", {"deposit_krw": 30_000},
                                     on=date(2026, 1, 5))

    assert calculation.edition.id == "FTC-2025-12-18"
    assert calculation.confidence == "verify"
    assert "원문을 확인하세요" in calculation.warning_ko


def test_an_item_the_edition_did_not_change_carries_no_warning():
    calculation = STANDARD.calculate("60-3", {"days_late": 1, "fare_krw": 4_000},
                                     on=date(2026, 1, 5))

    assert calculation.warning_ko is None and calculation.confidence == "weak"


def test_the_rules_of_an_edition_can_be_read_for_one_item():
    rules = STANDARD.rules("FTC-2021-05-25", item="23")

    assert [r.rule.id for r in rules] == ["23-1", "23-2", "23-3", "23-4", "23-5"]
    assert rules[3].remedies[0].inputs == ("face_value_krw", "paid_krw", "remaining_krw")


def test_an_unknown_item_is_not_found():
    with pytest.raises(NotInStandard):
        STANDARD.rules("FTC-2021-05-25", item="99")


def test_every_shipped_rule_computes_in_every_edition_it_is_in_force():
    sample = {"days_late": 2, "days_before_departure": 8, "months_used": 10,
              "useful_life_months": 60, "paid_krw": 9_000, "remaining_krw": 5_000}

    for edition in STANDARD.editions():
        for found in STANDARD.rules(edition.id):
            inputs = {name: sample.get(name, 10_000) for name in found.rule.inputs}
            calculation = STANDARD.calculate(found.rule.id, inputs, edition=edition.id)

            assert len(calculation.remedies) == len(found.rule.remedies)
            assert all(r.explanation_ko for r in calculation.remedies)


# -- inputs, refused by name -----------------------------------------------------------------

def test_a_missing_input_is_refused_naming_it():
    with pytest.raises(InvalidCommand) as refused:
        STANDARD.calculate("60-3", {"fare_krw": 4_000}, on=date(2022, 1, 1))

    assert refused.value.field == "inputs.days_late"
    assert "needs days_late" in refused.value.message


def test_an_input_the_rule_does_not_take_is_refused_naming_it():
    with pytest.raises(InvalidCommand) as refused:
        STANDARD.calculate("60-3", {"days_late": 3, "fare_krw": 4_000, "fare": 4_000},
                           on=date(2022, 1, 1))

    assert refused.value.field == "inputs.fare"


@pytest.mark.parametrize("value", [-1, 3.5, True, "3", None])
def test_an_input_that_is_not_a_whole_number_from_zero_is_refused(value):
    with pytest.raises(InvalidCommand) as refused:
        STANDARD.calculate("60-3", {"days_late": value, "fare_krw": 4_000}, on=date(2022, 1, 1))

    assert refused.value.field == "inputs.days_late"


def test_a_voucher_whose_remainder_exceeds_its_face_value_is_refused_naming_the_input():
    with pytest.raises(InvalidCommand) as refused:
        STANDARD.calculate("23-4", {"face_value_krw": 10_000, "paid_krw": 9_000,
                                    "remaining_krw": 12_000}, on=date(2022, 1, 1))

    assert refused.value.field == "inputs.remaining_krw"


def test_an_unknown_rule_is_not_found():
    with pytest.raises(NotInStandard) as refused:
        STANDARD.calculate("60-99", {}, on=date(2022, 1, 1))

    assert refused.value.rule == "standard.unknown_rule"
