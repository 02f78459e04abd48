"""A decision that cites the remedy standard (소비자분쟁해결기준): which of the rule's remedies
is the decision's baseline, and how much of the decision counts against the proposer's
authority on top of it (the standard is the baseline; 전결권 is what goes beyond it).

The application calculates the rule (edition, inputs, every remedy's amount) and hands the
facts to the claim; the claim picks the baseline here and decides with it.

Which remedy of the standard a decision's remedy stands for
------------------------------------------------------------
==============  ==========================  ================================================
decision        standard kinds, preferred   why
==============  ==========================  ================================================
refund          refund, refund_cash         환급 / 현금 환급: the price (or what is left of
                                            it) paid back
partial_refund  compensate, refund,         배상 first: money paid for a delay, a loss or
                refund_cash                 damage (택배 지연, 여행 취소) is a partial refund
                                            here; else part of what a 환급 would give
others          none                        exchange, upgrade_exchange, repair: the standard
                                            grants them in kind (no amount to count);
                                            coupons, points, fee waivers, used-item returns,
                                            apologies, rejections: not what it grants
==============  ==========================  ================================================

Within a kind the rule's own order decides (the first of that kind with an amount). A rule
that yields no amount for the decision's remedy is refused, naming `standard.rule_id`.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Mapping

from .errors import InvalidCommand
from .remedy_standard import RemedyAmount

STANDARD_KINDS_FOR_REMEDY: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "refund": ("refund", "refund_cash"),
    "partial_refund": ("compensate", "refund", "refund_cash"),
})


@dataclass(frozen=True)
class StandardCalculation:
    """What the standard grants for the dispute, as the application calculated it."""

    edition: str
    rule_id: str
    inputs: Mapping[str, int]
    remedies: tuple[RemedyAmount, ...]


@dataclass(frozen=True)
class Baseline:
    """The remedy of the standard a decision stands on: what it records and shows."""

    edition: str
    rule_id: str
    inputs: Mapping[str, int]
    kind: str
    amount_krw: int
    explanation_ko: str

    def as_event_fields(self) -> dict[str, Any]:
        return dict(standard_edition=self.edition, standard_rule_id=self.rule_id,
                    standard_inputs=dict(self.inputs), standard_kind=self.kind,
                    standard_amount_krw=self.amount_krw,
                    standard_explanation_ko=self.explanation_ko)


def baseline_for(remedy: str, calculation: StandardCalculation) -> Baseline:
    """The remedy of the calculation whose kind matches the decision's remedy."""
    for kind in STANDARD_KINDS_FOR_REMEDY.get(str(remedy), ()):
        for granted in calculation.remedies:
            if granted.kind == kind and granted.amount_krw is not None:
                return Baseline(calculation.edition, calculation.rule_id,
                                dict(calculation.inputs), kind, granted.amount_krw,
                                granted.explanation_ko)
    yields = ", ".join(f"{r.kind} ({'no amount' if r.amount_krw is None else r.amount_krw})"
                       for r in calculation.remedies)
    raise InvalidCommand(
        "standard.no_amount_for_remedy",
        f"rule {calculation.rule_id} gives no amount for a {remedy} decision (it gives: "
        f"{yields}); a {remedy} stands for the standard's "
        f"{' or '.join(STANDARD_KINDS_FOR_REMEDY.get(str(remedy), ())) or 'nothing'}",
        "standard.rule_id")


def counted_against_authority(amount_krw: int, standard_amount_krw: int | None) -> int:
    """The part of a decision its proposer needs authority for: everything without a citation,
    only what goes beyond the standard with one (granting less than it needs none)."""
    if standard_amount_krw is None:
        return amount_krw
    return max(0, amount_krw - standard_amount_krw)
