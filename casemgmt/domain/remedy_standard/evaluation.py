"""Applying a rule to the facts of a dispute: the inputs it needs are checked (each problem names
the input), then each remedy's formula gives its amount and its explanation in Korean."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ..errors import InvalidCommand
from .formulas import BadInput
from .kinds import KINDS
from .model import REMEDY_KINDS, InputSpec, RemedySpec, Rule
from .terms import Term

MAX_INPUT = 10**12  # far above any real price or count; keeps arithmetic and text bounded


@dataclass(frozen=True)
class RemedyAmount:
    """One remedy of a rule for these facts: an amount in won (None for exchange, repair…)."""

    kind: str
    kind_ko: str
    amount_krw: int | None
    explanation_ko: str


def checked_inputs(rule: Rule, given: Mapping[str, Any]) -> dict[str, int]:
    """The rule's inputs as whole numbers ≥ 0; a missing, unknown or bad one is refused by name."""
    missing = [name for name in rule.inputs if name not in given]
    unknown = [name for name in given if name not in rule.inputs]
    if missing or unknown:
        parts = ([f"needs {', '.join(missing)}"] if missing else []) + (
            [f"does not take {', '.join(map(str, unknown))}"] if unknown else [])
        takes = ", ".join(rule.inputs) or "no inputs"
        raise InvalidCommand("standard.input_missing" if missing else "standard.input_unknown",
                             f"rule {rule.id} {' and '.join(parts)} (it takes: {takes})",
                             field=f"inputs.{(missing or unknown)[0]}")
    values = {}
    for name in rule.inputs:
        value = given[name]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INPUT:
            raise InvalidCommand("standard.input_invalid",
                                 f"{name} must be a whole number from 0 to {MAX_INPUT:,}",
                                 field=f"inputs.{name}")
        values[name] = value
    return values


def evaluate(rule: Rule, given: Mapping[str, Any],
             specs: Mapping[str, InputSpec]) -> tuple[dict[str, int], tuple[RemedyAmount, ...]]:
    values = checked_inputs(rule, given)
    return values, tuple(_apply(remedy, values, specs) for remedy in rule.remedies)


def _apply(remedy: RemedySpec, values: Mapping[str, int],
           specs: Mapping[str, InputSpec]) -> RemedyAmount:
    formula = KINDS[remedy.formula]
    terms = {slot: Term(specs[name].label_ko, values[name], specs[name].unit)
             for slot, name in remedy.bindings.items()}
    try:
        outcome = formula.evaluate(terms, remedy.params)
    except BadInput as error:
        name = remedy.bindings[error.role]
        raise InvalidCommand("standard.input_invalid", f"{name}: {error}",
                             field=f"inputs.{name}") from None
    kind_ko = REMEDY_KINDS[remedy.kind]
    explanation = outcome.explanation_ko
    if outcome.amount_krw is None:
        explanation = f"{kind_ko} ({explanation})"
    return RemedyAmount(remedy.kind, kind_ko, outcome.amount_krw, explanation)


def formula_words(remedy: RemedySpec, specs: Mapping[str, InputSpec]) -> str:
    """The remedy's formula in Korean words, with the rule's input labels (for listings)."""
    labels = {slot: specs[name].label_ko for slot, name in remedy.bindings.items()}
    return KINDS[remedy.formula].reads(labels, remedy.params)
