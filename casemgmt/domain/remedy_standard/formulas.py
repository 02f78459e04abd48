"""One pure function per formula kind of the remedy standard, in whole won, each explaining its
result in Korean with the numbers put in (terms.py says how amounts are rounded)."""
from __future__ import annotations

from dataclasses import dataclass

from .terms import Outcome, Term, ratio, ratio_up, share, share_up, won


class BadInput(ValueError):
    """Raised when an input's value makes no sense for the formula (a voucher worth ₩0, a
    remaining value above the face value); `role` names the formula's input."""

    def __init__(self, role: str, message: str):
        super().__init__(message)
        self.role = role


@dataclass(frozen=True)
class Band:
    """Days before an event (from_days up to to_days, both inclusive; None: no upper end) → %."""

    from_days: int
    to_days: int | None
    percent: int

    def holds(self, days: int) -> bool:
        return self.from_days <= days and (self.to_days is None or days <= self.to_days)

    def __str__(self) -> str:
        if self.to_days is None:
            return f"{self.from_days}일 이상"
        if self.from_days == self.to_days:
            return "당일" if self.from_days == 0 else f"{self.from_days}일"
        return f"{self.from_days}~{self.to_days}일"


def in_kind() -> Outcome:
    """Exchange, repair, delivery: a remedy the standard does not express as an amount."""
    return Outcome(None, "금액으로 정하지 않는 구제")


def percent_of_amount(amount_krw: Term, *, percent: int) -> Outcome:
    result = share(amount_krw.value, percent)
    if percent == 100:
        return Outcome(result, f"{amount_krw} 전액 = {won(result)}")
    return Outcome(result, f"{amount_krw} × {percent}% = {won(result)}")


def capped_multiple_of_fare(days_late: Term, fare_krw: Term, *, percent_per_day: int,
                            cap_percent: int) -> Outcome:
    """Delay: days late × fare × percent_per_day %, at most cap_percent % of the fare."""
    raw = share(days_late.value * fare_krw.value, percent_per_day)
    cap = share(fare_krw.value, cap_percent)
    product = f"{days_late} × {fare_krw} × {percent_per_day}% = {won(raw)}"
    cap_text = f"{fare_krw.label}의 {cap_percent}% = {won(cap)}"
    if raw <= cap:
        return Outcome(raw, f"{product} (한도: {cap_text})")
    return Outcome(cap, f"{product}, 한도 {cap_text}을 넘어 {won(cap)}")


def fixed_cap(damage_krw: Term, *, cap_krw: int) -> Outcome:
    """The damage, at most a fixed amount (e.g. ₩500,000 when no value was declared)."""
    if damage_krw.value <= cap_krw:
        return Outcome(damage_krw.value, f"{damage_krw} (한도 {won(cap_krw)} 이내)")
    return Outcome(cap_krw, f"{damage_krw}, 한도 {won(cap_krw)}을 넘어 {won(cap_krw)}")


def capped_by_declared_value(damage_krw: Term, declared_value_krw: Term) -> Outcome:
    """The damage, at most the value the sender declared on the waybill."""
    if damage_krw.value <= declared_value_krw.value:
        return Outcome(damage_krw.value, f"{damage_krw} (한도: {declared_value_krw} 이내)")
    return Outcome(declared_value_krw.value,
                   f"{damage_krw}, 한도 {declared_value_krw}을 넘어 "
                   f"{won(declared_value_krw.value)}")


def damages_sum(treatment_cost_krw: Term, expenses_krw: Term, lost_income_krw: Term) -> Outcome:
    total = treatment_cost_krw.value + expenses_krw.value + lost_income_krw.value
    return Outcome(total, f"{treatment_cost_krw} + {expenses_krw} + {lost_income_krw} = "
                          f"{won(total)}")


def depreciation_refund(price_krw: Term, months_used: Term, useful_life_months: Term, *,
                        add_on_percent: int, add_on_of: str, cap_at_price: bool) -> Outcome:
    """Straight-line depreciation: price − price × months used / useful life (0 if negative),
    plus add_on_percent % of the price (or, in early editions, of that remainder)."""
    if useful_life_months.value <= 0:
        raise BadInput("useful_life_months", "the useful life must be at least one month")
    price = price_krw.value
    depreciation = ratio_up(price, months_used.value, useful_life_months.value)
    remainder = max(0, price - depreciation)
    base, base_label = (price, price_krw.label) if add_on_of == "price" else (remainder, "잔여금액")
    add_on = share(base, add_on_percent)
    total = remainder + add_on
    steps = [f"감가상각비 = {price_krw} × {months_used} / {useful_life_months} = {won(depreciation)}",
             f"잔여금액 {won(price)} − {won(depreciation)} = {won(remainder)}"
             if price >= depreciation else
             f"잔여금액 {won(price)} − {won(depreciation)} < 0 → 0원",
             f"가산 {base_label}의 {add_on_percent}% = {won(add_on)}",
             f"환급 {won(remainder)} + {won(add_on)} = {won(total)}"]
    if cap_at_price and total > price:
        steps.append(f"한도 {price_krw.label} {won(price)}을 넘어 {won(price)}")
        total = price
    return Outcome(total, "; ".join(steps))


def voucher_refund(face_value_krw: Term, paid_krw: Term, remaining_krw: Term, *,
                   percent: int) -> Outcome:
    """The remaining value, scaled by what was paid for the face value (a discounted purchase),
    times percent (90% for an expired voucher)."""
    face, paid, remaining = face_value_krw.value, paid_krw.value, remaining_krw.value
    if face <= 0:
        raise BadInput("face_value_krw", "a voucher's face value must be more than ₩0")
    if paid > face:
        raise BadInput("paid_krw", "the price paid cannot exceed the face value")
    if remaining > face:
        raise BadInput("remaining_krw", "the remaining value cannot exceed the face value")
    paid_share = ratio(remaining, paid, face)
    result = share(paid_share, percent)
    if paid == face:
        return Outcome(result, f"{remaining_krw} × {percent}% = {won(result)}")
    return Outcome(result, f"{remaining_krw} × ({paid_krw} / {face_value_krw}) = "
                           f"{won(paid_share)}; × {percent}% = {won(result)}")


def cancellation_schedule(price_krw: Term, paid_krw: Term, days_before: Term, *,
                          cancelled_by: str, bands: tuple[Band, ...]) -> Outcome:
    """A cancellation: the band of days before the start gives a percent of the price. When
    the consumer cancels, it is kept from what they paid; when the business cancels, it is paid
    to the consumer on top of a full refund."""
    band = next(b for b in bands if b.holds(days_before.value))
    where = f"{days_before} ({band} 구간: {band.percent}%)"
    if cancelled_by == "business":
        charge = share(price_krw.value, band.percent)
        total = paid_krw.value + charge
        return Outcome(total, f"{where} → {paid_krw} 환급 + {price_krw} × {band.percent}% = "
                              f"{won(charge)} 배상 = {won(total)}")
    charge = share_up(price_krw.value, band.percent)
    if charge == 0:
        return Outcome(paid_krw.value, f"{where} → 공제 없음; {paid_krw} 전액 환급")
    refund = max(0, paid_krw.value - charge)
    rest = (f"{won(paid_krw.value)} − {won(charge)} = {won(refund)} 환급" if refund else
            f"{won(paid_krw.value)} − {won(charge)} ≤ 0 → 환급 0원")
    return Outcome(refund, f"{where} → {price_krw} × {band.percent}% = {won(charge)} 공제; "
                           f"{paid_krw.label} {rest}")

