"""Reading a rule row (별표 Ⅱ): its dispute type and its remedies, each remedy's formula kind
checked to exist, its inputs to be the ones the formula takes, its constants to be valid."""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping

from .kinds import KINDS, FormulaKind
from .model import CONFIDENCE, REMEDY_KINDS, InputSpec, Item, RemedySpec, Rule
from .rows import Fields, RawRow, known_item, versioning


def rule_row(row: RawRow, editions: Mapping[str, int], items: dict[str, Item],
             inputs: Mapping[str, InputSpec]) -> tuple[Fields, Rule]:
    f = Fields(row, ("id", "since", "item", "dispute_type", "remedies", "source", "confidence"),
               ("until", "note_ko"))
    rule_id, item = f.text("id"), known_item(f, items)
    if not rule_id.startswith(f"{item}-"):
        f.fail(f"a rule id starts with its item and a dash ({item}-…)")
    code, ko = _dispute_type(f)
    remedies = f.get("remedies")
    if not isinstance(remedies, list) or not remedies:
        f.fail("remedies must be a non-empty list, in the order the standard gives them")
    return f, Rule(**versioning(f, editions), id=rule_id, item=item, dispute_type=code,
                   dispute_type_ko=ko,
                   remedies=tuple(_remedy(f, n, raw, inputs) for n, raw in enumerate(remedies, 1)),
                   note_ko=f.text("note_ko", optional=True), source=f.text("source"),
                   confidence=f.choice("confidence", CONFIDENCE))


def _dispute_type(f: Fields) -> tuple[str, str]:
    value = f.get("dispute_type")
    if not isinstance(value, dict) or set(value) != {"code", "ko"}:
        f.fail("dispute_type must be {code: lower_snake_case, ko: 한국어 이름}")
    code, ko = value["code"], value["ko"]
    if not isinstance(code, str) or not code.replace("_", "").isalnum() or not code.isascii() \
            or code != code.lower() or not isinstance(ko, str) or not ko.strip():
        f.fail("dispute_type must be {code: lower_snake_case, ko: 한국어 이름}")
    return code, ko


def _remedy(f: Fields, position: int, raw: Any, inputs: Mapping[str, InputSpec]) -> RemedySpec:
    where = f"remedy {position}"
    if not isinstance(raw, dict) or not {"kind", "formula"} <= raw.keys() <= {
            "kind", "formula", "inputs", "params"}:
        f.fail(f"{where}: a remedy has kind, formula, and optionally inputs and params")
    kind, name = raw["kind"], raw["formula"]
    if kind not in REMEDY_KINDS:
        f.fail(f"{where}: unknown remedy kind {kind!r} (kinds: {', '.join(REMEDY_KINDS)})")
    if name not in KINDS:
        f.fail(f"{where}: unknown formula kind {name!r} (kinds: {', '.join(KINDS)})")
    formula = KINDS[name]
    return RemedySpec(kind=kind, formula=name,
                      bindings=_bindings(f, where, formula, raw.get("inputs", []), inputs),
                      params=_params(f, where, formula, raw.get("params", {})))


def _bindings(f: Fields, where: str, formula: FormulaKind, raw: Any,
              inputs: Mapping[str, InputSpec]) -> Mapping[str, str]:
    """`[fare_krw]` feeds the formula's slot of that name; `{price_krw: tour_price_krw}` feeds
    the slot price_krw from the rule's input tour_price_krw."""
    if isinstance(raw, list):
        raw = {name: name for name in raw}
    if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        f.fail(f"{where}: inputs must be a list of input names or a mapping slot: input")
    takes = {slot.name: slot for slot in formula.slots}
    for slot, name in raw.items():
        if slot not in takes:
            f.fail(f"{where}: formula {formula.name!r} does not take input {slot!r} "
                   f"(it takes: {', '.join(takes) or 'none'})")
        if name not in inputs:
            f.fail(f"{where}: unknown input {name!r} (not in inputs.yaml)")
        if takes[slot].money != name.endswith("_krw"):
            f.fail(f"{where}: slot {slot!r} takes {'money' if takes[slot].money else 'a count'},"
                   f" but input {name!r} is {'money' if name.endswith('_krw') else 'a count'}")
    for slot in takes:
        if slot not in raw:
            f.fail(f"{where}: formula {formula.name!r} needs input {slot!r}")
    return MappingProxyType({slot: raw[slot] for slot in takes})


def _params(f: Fields, where: str, formula: FormulaKind, raw: Any) -> Mapping[str, Any]:
    if not isinstance(raw, dict):
        f.fail(f"{where}: params must be a mapping")
    for name in raw:
        if name not in formula.params:
            f.fail(f"{where}: formula {formula.name!r} has no param {name!r} "
                   f"(params: {', '.join(formula.params) or 'none'})")
    converted = {}
    for name, convert in formula.params.items():
        if name not in raw:
            f.fail(f"{where}: formula {formula.name!r} needs param {name!r}")
        try:
            converted[name] = convert(raw[name])
        except ValueError as error:
            f.fail(f"{where}: param {name!r} {error}")
    return MappingProxyType(converted)
