"""The remedy calculator (소비자분쟁해결기준): pick an edition (default: the one in force today)
and a rule, give the rule's inputs, and read what the standard grants, explained in Korean with
the edition and the rule's version cited and how sure the transcription is.

A GET form: the calculation writes nothing and its inputs are no personal data.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from flask import Blueprint, render_template, request

from . import backend
from .access import page
from .forms import Errors, Failed
from .refusals import reason

blp = Blueprint("remedies", __name__)
CALCULATE = ("POST", "/api/v1/remedies/calculate")
PREFIX = "inputs."
MAX_DIGITS = 13  # the tables take whole numbers up to 10^12
# The formulas' refusals of a value (domain/remedy_standard/formulas.py), in Korean.
BAD_VALUES = {
    "useful life must be at least one month": "내용연수는 1개월 이상이어야 합니다.",
    "face value must be more than": "권면금액은 0원보다 커야 합니다.",
    "price paid cannot exceed the face value": "지급한 금액은 권면금액보다 클 수 없습니다.",
    "remaining value cannot exceed the face value": "잔액은 권면금액보다 클 수 없습니다.",
}


@dataclass(frozen=True)
class ItemGroup:
    """The rules of one item (별표 Ⅰ), for an <optgroup>."""

    item: str
    name: str
    rules: list[Any]


@blp.get("/remedies")
@page(api=CALCULATE)
def calculator():
    editions = backend.standard_editions()
    in_force = backend.edition_in_force(backend.today())
    errors: Errors = {}
    edition_id = request.args.get("edition") or in_force.id
    if edition_id not in {edition.id for edition in editions}:
        errors["edition"] = ["목록에 있는 판을 고르세요."]
        edition_id = in_force.id
    rules = backend.standard_rules(edition_id)
    rule = _chosen(rules, request.args.get("rule", ""), errors)
    result = None
    if rule is not None and request.args.get("step") == "calculate":
        inputs = read_inputs(rule, request.args, errors)
        if not errors:
            result = _calculate(edition_id, rule, inputs, errors)
    return render_template(
        "remedies.html", editions=editions, in_force=in_force, edition_id=edition_id,
        edition=next(e for e in editions if e.id == edition_id), groups=by_item(rules),
        rule=rule, result=result, errors=errors, values=request.args,
        failed=Failed("calculate", errors, request.args) if errors else None,
    ), 422 if errors else 200


def _chosen(rules: list, rule_id: str, errors: Errors):
    if not rule_id:
        return None
    found = next((r for r in rules if r.rule.id == rule_id), None)
    if found is None:
        errors["rule"] = ["고른 판에는 없는 기준입니다. 목록에서 다시 고르세요."]
    return found


def by_item(rules: list) -> list[ItemGroup]:
    groups: dict[str, ItemGroup] = {}
    for found in rules:
        group = groups.setdefault(found.item.id, ItemGroup(found.item.id, found.item.name_ko, []))
        group.rules.append(found)
    return list(groups.values())


def read_inputs(rule, args: Mapping[str, str], errors: Errors) -> dict[str, int]:
    """Every input of the rule, a whole number ≥ 0 (commas allowed); each problem by name."""
    values = {}
    for spec in rule.inputs:
        raw = re.sub(r"[,_\s]", "", args.get(PREFIX + spec.name, ""))
        if raw == "":
            errors[PREFIX + spec.name] = [f"{spec.label_ko}을(를) 입력하세요 ({spec.unit})."]
        elif not raw.isdigit() or len(raw) > MAX_DIGITS:
            errors[PREFIX + spec.name] = [f"0 이상의 정수({spec.unit})로 입력하세요."]
        else:
            values[spec.name] = int(raw)
    return values


def _calculate(edition_id: str, rule, inputs: dict[str, int], errors: Errors):
    try:
        return backend.calculate_remedy(edition_id, rule.rule.id, inputs)
    except backend.InvalidCommand as error:
        errors[error.field or "_form"] = [_bad_value(error)]
    except backend.NotInStandard as error:
        errors["rule"] = [reason(error.rule, "고른 판에는 없는 기준입니다.")]
    return None


def _bad_value(error) -> str:
    return next((korean for english, korean in BAD_VALUES.items() if english in error.message),
                reason(error.rule, "이 기준에 맞지 않는 값입니다."))
