"""The remedy standard (소비자분쟁해결기준) as versioned rows: editions of the notice, items
(별표 Ⅰ), dispute-type rules (별표 Ⅱ), warranty and parts periods (별표 Ⅲ), useful lives
(별표 Ⅳ), and the lookups that answer "what did the edition in force on this day say?".

A row names the edition it starts in (`since`) and stays in force in every later edition until
a row with the same key and a later `since` replaces it, or its `until` edition withdraws it.
Only what a notice changed is written down, so each change shows as one new row."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from types import MappingProxyType
from typing import Any, Iterable, Mapping, TypeVar

from .errors import NotInStandard

CONFIDENCE = ("sourced", "verify", "weak", "guess")  # as STANDARD.md marks its facts
REMEDY_KINDS: Mapping[str, str] = MappingProxyType({
    "refund": "환급", "refund_cash": "현금 환급", "exchange": "제품 교환", "repair": "무상수리",
    "compensate": "배상", "deliver": "물품 제공", "honour": "이행",
})


@dataclass(frozen=True)
class Edition:
    """One 공정거래위원회 고시 of the standard, in force from effective_from to effective_to."""

    id: str
    notice: str
    effective_from: date
    effective_to: date | None
    source: str
    confidence: str
    note_ko: str | None = None
    unverified_items: frozenset[str] = frozenset()  # items it changed that we did not transcribe

    def in_force_on(self, day: date) -> bool:
        ended = self.effective_to is not None and day > self.effective_to
        return self.effective_from <= day and not ended


@dataclass(frozen=True)
class Item:
    id: str
    name_ko: str
    source: str
    confidence: str
    industry_ko: str | None = None
    names: tuple[str, ...] = ()
    note_ko: str | None = None


@dataclass(frozen=True)
class InputSpec:
    """An input a rule asks for: money inputs end in `_krw`; counts have plain names."""

    name: str
    label_ko: str
    unit: str
    description_ko: str | None = None


@dataclass(frozen=True)
class RemedySpec:
    """One remedy of a rule: its kind, its formula, the inputs that feed it, its constants."""

    kind: str
    formula: str
    bindings: Mapping[str, str]   # the formula's slot → the rule's input name
    params: Mapping[str, Any]

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(self.bindings.values())


@dataclass(frozen=True)
class Versioned:
    since: str
    until: str | None


@dataclass(frozen=True)
class Rule(Versioned):
    """A dispute type of an item (별표 Ⅱ) and its ordered remedies."""

    id: str
    item: str
    dispute_type: str
    dispute_type_ko: str
    remedies: tuple[RemedySpec, ...]
    note_ko: str | None
    source: str
    confidence: str

    @property
    def key(self) -> str:
        return self.id

    @cached_property
    def inputs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for remedy in self.remedies for name in remedy.inputs))


@dataclass(frozen=True)
class Period(Versioned):
    """A warranty and/or parts-holding period (별표 Ⅲ) of a product or one of its parts."""

    item: str
    product_ko: str
    part_ko: str | None
    warranty_months: int | None
    parts_years: int | None
    source: str
    confidence: str
    note_ko: str | None = None

    @property
    def key(self) -> tuple[str, str, str | None]:
        return self.item, self.product_ko, self.part_ko


@dataclass(frozen=True)
class UsefulLife(Versioned):
    """A useful life (내용연수, 별표 Ⅳ), the denominator of straight-line depreciation."""

    item: str
    product_ko: str
    years: int
    source: str
    confidence: str
    note_ko: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.item, self.product_ko


V = TypeVar("V", bound=Versioned)


@dataclass(frozen=True)
class StandardTables:
    editions: tuple[Edition, ...]        # oldest first, consecutive
    items: Mapping[str, Item]
    inputs: Mapping[str, InputSpec]
    rules: tuple[Rule, ...]              # every version, in the order transcribed
    periods: tuple[Period, ...]
    useful_lives: tuple[UsefulLife, ...]

    def edition(self, edition_id: str) -> Edition:
        for edition in self.editions:
            if edition.id == edition_id:
                return edition
        raise NotInStandard("standard.unknown_edition", f"no edition {edition_id!r} in the tables")

    def edition_on(self, day: date) -> Edition:
        for edition in self.editions:
            if edition.in_force_on(day):
                return edition
        raise NotInStandard("standard.no_edition_in_force",
                            f"no edition of the standard in the tables is in force on {day}")

    def item(self, item_id: str) -> Item:
        if item_id not in self.items:
            raise NotInStandard("standard.unknown_item", f"no item {item_id!r} in the tables")
        return self.items[item_id]

    def rules_in(self, edition_id: str, item: str | None = None) -> list[Rule]:
        if item is not None:
            self.item(item)
        order = {item_id: position for position, item_id in enumerate(self.items)}
        rules = sorted(self._in_force(self.rules, edition_id), key=lambda rule: order[rule.item])
        return [rule for rule in rules if item is None or rule.item == item]

    def rule_in(self, edition_id: str, rule_id: str) -> Rule:
        in_force = self._rules_by_edition.get(edition_id)
        if in_force is None:
            self.edition(edition_id)
        if rule_id in in_force:
            return in_force[rule_id]
        if any(rule.id == rule_id for rule in self.rules):
            raise NotInStandard("standard.rule_not_in_edition",
                                f"rule {rule_id!r} is not in force in edition {edition_id}")
        raise NotInStandard("standard.unknown_rule", f"no rule {rule_id!r} in the tables")

    def periods_in(self, edition_id: str, item: str | None = None) -> list[Period]:
        return [p for p in self._in_force(self.periods, edition_id) if item in (None, p.item)]

    def useful_lives_in(self, edition_id: str, item: str | None = None) -> list[UsefulLife]:
        return [u for u in self._in_force(self.useful_lives, edition_id) if item in (None, u.item)]

    def confidence_in(self, rule: Rule, edition_id: str) -> str:
        """A rule carried into an edition that changed its item, untranscribed, needs checking."""
        edition = self.edition(edition_id)
        if rule.item in edition.unverified_items and rule.since != edition_id:
            return max(rule.confidence, "verify", key=CONFIDENCE.index)
        return rule.confidence

    @cached_property
    def _rules_by_edition(self) -> dict[str, dict[str, Rule]]:
        """Rules in force by edition and id, worked out once: a policy simulation asks often."""
        return {edition.id: {rule.id: rule for rule in self._in_force(self.rules, edition.id)}
                for edition in self.editions}

    def _in_force(self, rows: Iterable[V], edition_id: str) -> list[V]:
        position = self._positions()
        at = position[self.edition(edition_id).id]
        latest: dict[Any, V] = {}
        for row in rows:
            if position[row.since] <= at and (
                    row.key not in latest or position[row.since] > position[latest[row.key].since]):
                latest[row.key] = row
        return [row for row in latest.values()
                if row.until is None or position[row.until] > at]

    def _positions(self) -> dict[str, int]:
        return {edition.id: index for index, edition in enumerate(self.editions)}
