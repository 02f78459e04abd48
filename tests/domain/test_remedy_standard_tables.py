"""Loading the remedy standard's tables: a malformed table stops the start with its file and row
named. Each test writes a small table set to tmp_path and breaks one thing."""
from __future__ import annotations

import ast
import re
import sys
import textwrap
from pathlib import Path

import pytest

from casemgmt.domain.remedy_standard import StandardTableError
from casemgmt.infrastructure.standard_tables import load_standard_tables

EDITIONS = """
editions:
  - {id: FTC-2014-03-21, notice: "고시 2014", effective_from: 2014-03-21,
     effective_to: 2021-05-24, source: "kyeonggi 201404270570444", confidence: verify}
  - {id: FTC-2021-05-25, notice: "고시 제2021-7호", effective_from: 2021-05-25,
     effective_to: null, source: "easylaw csmSeq=663", confidence: sourced}
"""
ITEMS = """
items:
  - {id: "60", name_ko: "택배 및 퀵서비스업", source: "ccn.go.kr", confidence: sourced}
"""
INPUTS = """
inputs:
  - {id: days_late, label_ko: "초과일수", unit: "일"}
  - {id: fare_krw, label_ko: "운임", unit: "원"}
"""
PARCEL = """
rules:
  - id: "60-3"
    since: FTC-2014-03-21
    item: "60"
    dispute_type: {code: delivery_delay, ko: "운송물 인도 지연"}
    remedies:
      - kind: compensate
        formula: capped_multiple_of_fare
        inputs: [days_late, fare_krw]
        params: {percent_per_day: 50, cap_percent: 200}
    source: "nanumtip 35038"
    confidence: weak
"""
TABLES = {"editions.yaml": EDITIONS, "items.yaml": ITEMS, "inputs.yaml": INPUTS,
          "rules/parcel.yaml": PARCEL}


def a_table_set(tmp_path: Path, **changed: str) -> Path:
    """The small table set above, with some files replaced: rules__parcel_yaml replaces
    rules/parcel.yaml."""
    files = {**TABLES, **{_file_name(name): text for name, text in changed.items()}}
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def _file_name(keyword: str) -> str:
    return keyword.replace("__", "/").removesuffix("_yaml") + ".yaml"


def refused(tmp_path: Path, **changed: str) -> str:
    with pytest.raises(StandardTableError) as error:
        load_standard_tables(a_table_set(tmp_path, **changed))
    return str(error.value)


def parcel_with(old: str, new: str) -> str:
    assert old in PARCEL
    return PARCEL.replace(old, new)


def test_the_small_table_set_loads(tmp_path):
    tables = load_standard_tables(a_table_set(tmp_path))

    assert [rule.id for rule in tables.rules_in("FTC-2021-05-25")] == ["60-3"]


def test_an_unknown_formula_kind_names_the_file_and_the_rule(tmp_path):
    message = refused(tmp_path, rules__parcel_yaml=parcel_with(
        "formula: capped_multiple_of_fare", "formula: foo"))

    assert message.startswith("rules/parcel.yaml, rule 60-3: remedy 1: unknown formula kind 'foo'")


def test_an_input_the_formula_does_not_take_is_refused(tmp_path):
    message = refused(tmp_path, rules__parcel_yaml=parcel_with(
        "inputs: [days_late, fare_krw]", "inputs: [days_late, fare_krw, price_krw]"))

    assert message.startswith("rules/parcel.yaml, rule 60-3: remedy 1: formula "
                              "'capped_multiple_of_fare' does not take input 'price_krw'")


def test_an_input_the_formula_needs_but_is_not_given_is_refused(tmp_path):
    message = refused(tmp_path, rules__parcel_yaml=parcel_with(
        "inputs: [days_late, fare_krw]", "inputs: [days_late]"))

    assert message == ("rules/parcel.yaml, rule 60-3: remedy 1: formula "
                       "'capped_multiple_of_fare' needs input 'fare_krw'")


def test_an_input_missing_from_the_catalogue_is_refused(tmp_path):
    message = refused(tmp_path, inputs_yaml=INPUTS.replace(
        '  - {id: fare_krw, label_ko: "운임", unit: "원"}\n', ""))

    assert message == ("rules/parcel.yaml, rule 60-3: remedy 1: unknown input 'fare_krw' "
                       "(not in inputs.yaml)")


def test_an_unknown_field_names_the_field_and_the_row(tmp_path):
    message = refused(tmp_path, rules__parcel_yaml=parcel_with(
        "confidence: weak", "confidence: weak\n    conditions: {special_date_use: false}"))

    assert message.startswith("rules/parcel.yaml, rule 60-3: unknown field 'conditions'")


def test_a_missing_field_is_named(tmp_path):
    without_source = parcel_with('    source: "nanumtip 35038"\n', "")

    message = refused(tmp_path, rules__parcel_yaml=without_source)

    assert message == "rules/parcel.yaml, rule 60-3: missing field 'source'"


def test_a_rule_citing_an_unknown_item_is_refused(tmp_path):
    message = refused(tmp_path, rules__parcel_yaml=parcel_with('item: "60"', 'item: "61"'))

    assert message == "rules/parcel.yaml, rule 60-3: cites an unknown item '61'"


def test_a_rule_citing_an_unknown_edition_is_refused(tmp_path):
    message = refused(tmp_path, rules__parcel_yaml=parcel_with(
        "since: FTC-2014-03-21", "since: FTC-2021-7"))

    assert message == "rules/parcel.yaml, rule 60-3: since names an unknown edition 'FTC-2021-7'"


def test_overlapping_editions_are_refused(tmp_path):
    message = refused(tmp_path, editions_yaml=EDITIONS.replace("effective_to: 2021-05-24",
                                                                "effective_to: 2021-06-30"))

    assert message == ("editions.yaml, edition FTC-2021-05-25: starts on 2021-05-25 while "
                       "edition FTC-2014-03-21 is still in force")


def test_a_gap_between_editions_is_refused(tmp_path):
    message = refused(tmp_path, editions_yaml=EDITIONS.replace("effective_to: 2021-05-24",
                                                                "effective_to: 2021-05-20"))

    assert "leaving a gap after edition FTC-2014-03-21" in message


def test_a_second_version_of_a_rule_starting_in_the_same_edition_is_refused(tmp_path):
    twice = PARCEL + PARCEL.replace("rules:\n", "")

    message = refused(tmp_path, rules__parcel_yaml=twice)

    assert message == ("rules/parcel.yaml, rule 60-3: a second row for '60-3' starting in "
                       "edition FTC-2014-03-21")


def test_an_unquoted_item_number_read_as_a_number_is_refused(tmp_path):
    message = refused(tmp_path, rules__parcel_yaml=parcel_with('item: "60"', "item: 9.11"))

    assert "item must be text (quote numbers such as '9.11'), not 9.11" in message


def test_day_bands_with_a_gap_are_refused(tmp_path):
    travel = """
    rules:
      - id: "60-9"
        since: FTC-2021-05-25
        item: "60"
        dispute_type: {code: cancelled, ko: "취소"}
        remedies:
          - kind: refund
            formula: cancellation_schedule
            inputs: {price_krw: fare_krw, paid_krw: fare_krw, days_before: days_late}
            params:
              cancelled_by: consumer
              bands: [{from_days: 10, percent: 0}, {from_days: 0, to_days: 8, percent: 50}]
        source: "test"
        confidence: guess
    """

    message = refused(tmp_path, rules__travel_yaml=travel)

    assert message.startswith("rules/travel.yaml, rule 60-9: remedy 1: param 'bands' bands must "
                              "cover every day count once")


def test_a_money_input_must_end_in_krw(tmp_path):
    message = refused(tmp_path, inputs_yaml=INPUTS.replace("id: fare_krw", "id: fare"))

    assert message == "inputs.yaml, input fare: money inputs (unit 원) and only they end in _krw"


def test_a_key_written_twice_is_refused_with_its_line(tmp_path):
    message = refused(tmp_path, rules__parcel_yaml=parcel_with(
        "params: {percent_per_day: 50, cap_percent: 200}",
        "params: {percent_per_day: 50, percent_per_day: 60, cap_percent: 200}"))

    assert re.fullmatch(r"rules/parcel\.yaml, line 11: the key 'percent_per_day' appears twice",
                        message)


def test_broken_yaml_names_the_file_and_the_line(tmp_path):
    message = refused(tmp_path, items_yaml='items:\n  - {id: "60", name_ko: "택배"\n')

    assert message.startswith("items.yaml, line 3:")


def test_a_row_that_is_not_a_mapping_is_named_by_its_place(tmp_path):
    message = refused(tmp_path, items_yaml=ITEMS + '  - "택배"\n')

    assert message == "items.yaml, items row 2: a row must be a mapping of fields, not str"


def test_the_shipped_tables_load():
    tables = load_standard_tables()

    assert len(tables.editions) >= 6 and tables.rules


def test_the_domain_modules_of_the_standard_import_only_the_standard_library():
    package = Path(StandardTableError.__module__.replace(".", "/")).parent
    imported = set()

    for path in (Path(__file__).parents[2] / package).glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported |= {alias.name.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                     if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module}

    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__"}
