"""The formula kinds a table may name: the inputs each takes, the constants it needs (checked and
converted when the tables load), and the formula in Korean words for the rule listings."""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Mapping

from . import formulas
from .formulas import Band
from .terms import Outcome, Term


@dataclass(frozen=True)
class Slot:
    """One input of a formula: money (a `_krw` input) or a count (days, months)."""

    name: str
    money: bool


@dataclass(frozen=True)
class FormulaKind:
    name: str
    slots: tuple[Slot, ...]
    params: Mapping[str, Callable[[Any], Any]]   # each converts its raw value or raises ValueError
    compute: Callable[..., Outcome]
    reads: Callable[[Mapping[str, str], Mapping[str, Any]], str]  # labels by slot, params → words

    def evaluate(self, terms: Mapping[str, Term], params: Mapping[str, Any]) -> Outcome:
        return self.compute(**terms, **params)


def _whole(value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"must be a whole number from {low} to {high}, not {value!r}")
    return value


def percent(value: Any) -> int:
    return _whole(value, 0, 1000)


def amount(value: Any) -> int:
    return _whole(value, 0, 10**12)


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false, not {value!r}")
    return value


def one_of(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, not {value!r}")
        return value
    return check


def bands(value: Any) -> tuple[Band, ...]:
    """Day bands that cover every day count from 0 up, once each, the last one open-ended."""
    if not isinstance(value, list) or not value:
        raise ValueError("must be a list of {from_days, to_days, percent}")
    parsed = sorted((_band(raw) for raw in value), key=lambda band: band.from_days)
    expected = 0
    for band in parsed:
        if expected is None or band.from_days != expected:
            raise ValueError(f"bands must cover every day count once from 0 up; {band} is out of"
                             " place (a gap or an overlap)")
        expected = None if band.to_days is None else band.to_days + 1
    if expected is not None:
        raise ValueError("the last band must be open-ended (no to_days)")
    return tuple(parsed)


def _band(raw: Any) -> Band:
    if not isinstance(raw, dict) or not {"from_days", "percent"} <= raw.keys() <= {
            "from_days", "to_days", "percent"}:
        raise ValueError(f"a band has from_days, percent and optionally to_days, not {raw!r}")
    to_days = raw.get("to_days")
    band = Band(_whole(raw["from_days"], 0, 10_000),
                None if to_days is None else _whole(to_days, 0, 10_000), percent(raw["percent"]))
    if band.to_days is not None and band.to_days < band.from_days:
        raise ValueError(f"a band ends before it starts: {raw!r}")
    return band


def _percent_words(labels, params) -> str:
    if params["percent"] == 100:
        return f"{labels['amount_krw']} 전액"
    return f"{labels['amount_krw']} × {params['percent']}%"


def _depreciation_words(labels, params) -> str:
    base = labels["price_krw"] if params["add_on_of"] == "price" else "잔여금액"
    words = (f"{labels['price_krw']} − {labels['price_krw']} × {labels['months_used']} / "
             f"{labels['useful_life_months']} (0 미만이면 0) + {base}의 {params['add_on_percent']}%")
    return words + (f" (한도: {labels['price_krw']})" if params["cap_at_price"] else "")


def _schedule_words(labels, params) -> str:
    schedule = ", ".join(f"{band} {band.percent}%" for band in reversed(params["bands"]))
    sign = "+" if params["cancelled_by"] == "business" else "−"
    return (f"{labels['paid_krw']} {sign} {labels['price_krw']} × {labels['days_before']}에 따른"
            f" 비율 ({schedule})")


def _kind(name, slots, compute, reads, **params) -> FormulaKind:
    return FormulaKind(name, tuple(Slot(slot, slot.endswith("_krw")) for slot in slots),
                       MappingProxyType(params), compute, reads)


KINDS: Mapping[str, FormulaKind] = MappingProxyType({kind.name: kind for kind in (
    _kind("in_kind", (), formulas.in_kind, lambda labels, params: "금액 없음 (교환·수리 등)"),
    _kind("percent_of_amount", ("amount_krw",), formulas.percent_of_amount, _percent_words,
          percent=percent),
    _kind("capped_multiple_of_fare", ("days_late", "fare_krw"), formulas.capped_multiple_of_fare,
          lambda labels, params: (
              f"{labels['days_late']} × {labels['fare_krw']} × {params['percent_per_day']}% "
              f"(한도: {labels['fare_krw']}의 {params['cap_percent']}%)"),
          percent_per_day=percent, cap_percent=percent),
    _kind("fixed_cap", ("damage_krw",), formulas.fixed_cap,
          lambda labels, params: f"{labels['damage_krw']} (한도 {params['cap_krw']:,}원)",
          cap_krw=amount),
    _kind("capped_by_declared_value", ("damage_krw", "declared_value_krw"),
          formulas.capped_by_declared_value,
          lambda labels, params: f"{labels['damage_krw']} (한도: {labels['declared_value_krw']})"),
    _kind("damages_sum", ("treatment_cost_krw", "expenses_krw", "lost_income_krw"),
          formulas.damages_sum,
          lambda labels, params: " + ".join(labels[slot] for slot in (
              "treatment_cost_krw", "expenses_krw", "lost_income_krw"))),
    _kind("depreciation_refund", ("price_krw", "months_used", "useful_life_months"),
          formulas.depreciation_refund, _depreciation_words,
          add_on_percent=percent, add_on_of=one_of("price", "remainder"), cap_at_price=flag),
    _kind("voucher_refund", ("face_value_krw", "paid_krw", "remaining_krw"),
          formulas.voucher_refund,
          lambda labels, params: (f"{labels['remaining_krw']} × ({labels['paid_krw']} / "
                                  f"{labels['face_value_krw']}) × {params['percent']}%"),
          percent=percent),
    _kind("cancellation_schedule", ("price_krw", "paid_krw", "days_before"),
          formulas.cancellation_schedule, _schedule_words,
          cancelled_by=one_of("consumer", "business"), bands=bands),
)})
