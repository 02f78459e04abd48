"""The remedy standard's use cases: the editions, what an edition's rules say, and what a rule
grants for the facts of a dispute under the edition in force on a day (or a named edition)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from casemgmt.domain.remedy_standard import (
    Edition, InputSpec, Item, Period, RemedyAmount, Rule, StandardTables, UsefulLife, evaluate,
    formula_words,
)
from casemgmt.domain.remedy_standard.model import REMEDY_KINDS


@dataclass(frozen=True)
class RemedyInRule:
    kind: str
    kind_ko: str
    formula: str
    formula_ko: str
    inputs: tuple[str, ...]
    params: Mapping[str, Any]


@dataclass(frozen=True)
class RuleInEdition:
    """A rule as an edition has it: which version (since), how sure we are, its inputs' labels."""

    rule: Rule
    edition: Edition
    item: Item
    confidence: str
    remedies: tuple[RemedyInRule, ...]
    inputs: tuple[InputSpec, ...]


@dataclass(frozen=True)
class Calculation:
    """What the standard grants: the edition and rule version cited, the inputs, the remedies."""

    edition: Edition
    rule: Rule
    on: date | None
    inputs: Mapping[str, int]
    remedies: tuple[RemedyAmount, ...]
    confidence: str
    warning_ko: str | None


class RemedyStandard:
    """The standard's tables, read-only; the API and the decision use cases ask it."""

    def __init__(self, tables: StandardTables):
        self.tables = tables

    def editions(self) -> list[Edition]:
        return list(self.tables.editions)

    def edition_on(self, on: date) -> Edition:
        return self.tables.edition_on(on)

    def rules(self, edition_id: str, item: str | None = None) -> list[RuleInEdition]:
        edition = self.tables.edition(edition_id)
        return [self._present(rule, edition) for rule in self.tables.rules_in(edition.id, item)]

    def rule(self, edition_id: str, rule_id: str) -> RuleInEdition:
        edition = self.tables.edition(edition_id)
        return self._present(self.tables.rule_in(edition.id, rule_id), edition)

    def calculate(self, rule_id: str, inputs: Mapping[str, Any], *, on: date | None = None,
                  edition: str | None = None) -> Calculation:
        """Under the edition in force on `on`, or the one named (e.g. to simulate another)."""
        if (on is None) == (edition is None):
            raise ValueError("give the day (on) or the edition, not both or neither")
        cited = self.tables.edition(edition) if edition else self.tables.edition_on(on)
        rule = self.tables.rule_in(cited.id, rule_id)
        values, remedies = evaluate(rule, inputs, self.tables.inputs)
        confidence = self.tables.confidence_in(rule, cited.id)
        return Calculation(edition=cited, rule=rule, on=on, inputs=values, remedies=remedies,
                           confidence=confidence, warning_ko=self._warning(rule, cited))

    def warranty_periods(self, edition_id: str, item: str | None = None) -> list[Period]:
        return self.tables.periods_in(edition_id, item)

    def useful_lives(self, edition_id: str, item: str | None = None) -> list[UsefulLife]:
        return self.tables.useful_lives_in(edition_id, item)

    def _present(self, rule: Rule, edition: Edition) -> RuleInEdition:
        specs = self.tables.inputs
        remedies = tuple(RemedyInRule(kind=r.kind, kind_ko=REMEDY_KINDS[r.kind], formula=r.formula,
                                      formula_ko=formula_words(r, specs), inputs=r.inputs,
                                      params=r.params) for r in rule.remedies)
        return RuleInEdition(rule=rule, edition=edition, item=self.tables.item(rule.item),
                             confidence=self.tables.confidence_in(rule, edition.id),
                             remedies=remedies, inputs=tuple(specs[name] for name in rule.inputs))

    def _warning(self, rule: Rule, edition: Edition) -> str | None:
        if rule.item not in edition.unverified_items or rule.since == edition.id:
            return None
        return (f"{edition.id} 판에서 {self.tables.item(rule.item).name_ko} 기준이 개정되었으나 "
                f"아직 옮겨 적지 않아 {rule.since} 판의 행으로 계산했습니다. 원문을 확인하세요.")
