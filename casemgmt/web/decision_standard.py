"""The decision form cites the remedy standard (소비자분쟁해결기준): the agent picks a rule (the
rules that fit the claim's category first), gives the rule's inputs, and sees before sending the
standard's amount, the deviation of the amount from it and whether the decision will wait for a
supervisor. Sent, the form's ``standard.rule_id``, ``standard.inputs.<name>`` and ``standard.on``
become the API's ``standard`` citation ({"rule_id", "inputs", "on"?}) of POST .../decisions.

The preview is ``POST /claims/<id>/decisions/standard``: the form's "계산" button without
JavaScript (the claim page comes back with the result), JSON for static/decision-standard.js.
It tries the decision on a copy of the claim (backend.preview_decision) and writes nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Blueprint, jsonify, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from . import backend
from .access import page, signed_in
from .claim_pages import PANEL_CONTEXT, render
from .commands import BY_KEY
from .formatting import won
from .forms import Errors, Failed
from .labels import ko
from .refusals import reason
from .remedies import BAD_VALUES, ItemGroup, by_item

blp = Blueprint("decision_standard", __name__)
DECIDE = BY_KEY["decisions"].method_and_path
RULE = "standard.rule_id"
INPUTS = "standard.inputs."
ON = "standard.on"
MAX_DIGITS = 13
# The items (별표 Ⅰ) whose rules a claim of this category most likely cites: listed first.
ITEMS_FOR_CATEGORY = {
    "delivery": ("60",),
    "exchange_return": ("clothing", "footwear", "appliance", "9.11"),
    "product_mismatch": ("clothing", "footwear", "appliance", "9.11", "food"),
    "product_info": ("clothing", "footwear", "appliance", "9.11", "food"),
    "refund_delay": ("clothing", "footwear", "appliance", "9.11", "23"),
    "merchant_service": ("23", "restaurant", "overseas_travel"),
    "promotion": ("23",),
    "membership": ("23",),
}


@dataclass(frozen=True)
class Choice:
    """The rules offered on one claim: its category's first, then every other item's."""

    edition: Any
    suggested: list[ItemGroup]
    others: list[ItemGroup]

    def find(self, rule_id: str):
        return next((r for g in self.suggested + self.others for r in g.rules
                     if r.rule.id == rule_id), None)


def choice_for(shown) -> Choice:
    """The edition a citation defaults to (in force on the day the claim was received)."""
    edition = backend.edition_in_force(shown.received_at.astimezone(backend.SEOUL).date())
    groups = by_item(backend.standard_rules(edition.id))
    fits = ITEMS_FOR_CATEGORY.get(str(shown.category), ())
    suggested = sorted((g for g in groups if g.item in fits), key=lambda g: fits.index(g.item))
    return Choice(edition, suggested, [g for g in groups if g.item not in fits])


def _decision_form_sent() -> MultiDict:
    """The decision form as sent (a refused decision, or the preview), else nothing.

    A body over the cap (the claim page rendered by the upload's 413 handler) has no form to
    read: reading it would raise RequestEntityTooLarge again, inside the handler."""
    if request.method != "POST":
        return MultiDict()
    try:
        form = request.form
    except RequestEntityTooLarge:
        return MultiDict()
    return form if form.get("form_id") == "decisions" else MultiDict()


def _context(shown, detail, actor, offers) -> dict:
    offer = offers.get("decisions")
    if offer is None or offer.refusal:
        return {}
    standards = choice_for(shown)
    values = _decision_form_sent()
    rule = standards.find(values.get(RULE, ""))
    return {"standards": standards, "decision_values": values, "standard_rule": rule,
            "standard_input_names": [INPUTS + s.name for s in rule.inputs] if rule else [],
            "standard_summary": summary}


PANEL_CONTEXT.append(_context)


# -- the preview --------------------------------------------------------------------------------

@blp.post("/claims/<claim_id>/decisions/standard")
@page(api=DECIDE)
def preview(claim_id: str):
    actor = signed_in()
    shown = backend.claim(claim_id)
    standards = choice_for(shown)
    errors: Errors = {}
    rule = _rule(standards, errors)
    found, status = None, 200
    if rule is not None and request.form.get("step") != "rule":
        remedy, amount = _remedy_and_amount(errors)
        citation = _citation(rule, errors)
        if not errors:
            found, status = _try(actor, shown, remedy, amount, citation, errors)
    if errors and status == 200:
        status = 422
    if request.accept_mimetypes.best == "application/json":
        return jsonify(_json(rule, found, errors)), status
    failed = Failed("decisions", errors, request.form) if errors else None
    return render(shown, failed=failed, status=status, standard_preview=found)


def _rule(standards: Choice, errors: Errors):
    rule_id = request.form.get(RULE, "")
    if not rule_id:
        errors[RULE] = ["적용할 기준을 고르세요."]
        return None
    rule = standards.find(rule_id)
    if rule is None:
        errors[RULE] = ["목록에 있는 기준을 고르세요."]
    return rule


def _remedy_and_amount(errors: Errors) -> tuple[str, int]:
    remedy = request.form.get("remedy", "")
    if remedy not in ("refund", "partial_refund"):
        errors["remedy"] = ["기준 금액과 비교하려면 보상을 환불 또는 부분 환불로 고르세요."]
    raw = re.sub(r"[,_\s]", "", request.form.get("amount_krw", ""))
    if not raw.isdigit() or len(raw) > MAX_DIGITS:
        errors["amount_krw"] = ["금액을 0 이상의 정수(원)로 입력하세요."]
        return remedy, 0
    return remedy, int(raw)


def _citation(rule, errors: Errors) -> dict[str, Any]:
    inputs = {}
    for spec in rule.inputs:
        raw = re.sub(r"[,_\s]", "", request.form.get(INPUTS + spec.name, ""))
        if raw == "":
            errors[INPUTS + spec.name] = [f"{spec.label_ko}을(를) 입력하세요 ({spec.unit})."]
        elif not raw.isdigit() or len(raw) > MAX_DIGITS:
            errors[INPUTS + spec.name] = [f"0 이상의 정수({spec.unit})로 입력하세요."]
        else:
            inputs[spec.name] = int(raw)
    citation: dict[str, Any] = {"rule_id": rule.rule.id, "inputs": inputs}
    on = request.form.get(ON, "").strip()
    if on:
        try:
            citation["on"] = date.fromisoformat(on)
        except ValueError:
            errors[ON] = ["날짜를 입력하세요 (예: 2026-11-20)."]
    return citation


def _try(actor, shown, remedy: str, amount: int, citation: dict, errors: Errors):
    """(the preview, 200), or (None, the status the API would answer the decision with:
    403 for an agent the claim is not assigned to, 422 for a value the rule refuses)."""
    try:
        return backend.preview_decision(actor, shown, remedy, amount, citation), 200
    except backend.DomainError as error:
        field = error.field or "_form"
        message = next((korean for english, korean in BAD_VALUES.items()
                        if english in error.message), None)
        errors[field] = [message or reason(error.rule, "이 기준으로 계산할 수 없습니다.")]
        return None, backend.status_of(error)


def summary(found) -> str:
    """The preview in one Korean sentence (the page and the script say the same)."""
    sign = "+" if found.deviation_krw > 0 else ("−" if found.deviation_krw < 0 else "±")
    deviation = f"{sign}{won(abs(found.deviation_krw))}"
    head = (f"기준 금액 {won(found.standard_krw)} ({found.edition}, {found.rule_id} 행), "
            f"결정 금액 {won(found.amount_krw)}, 차이 {deviation}.")
    if found.hold:
        tail = ("같은 주문에 이미 승인된 지급이 있어 한도와 관계없이 상급자의 승인을 기다리게 "
                "됩니다 (중복 보상 확인).")
    elif found.status == "pending_approval":
        tail = (f"기준을 넘는 {won(found.counted_krw)}이 나의 전결 한도 "
                f"{won(found.effective_limit)}을 넘습니다: 상급자의 승인을 기다리게 됩니다.")
    elif found.counted_krw:
        tail = (f"기준을 넘는 {won(found.counted_krw)}은 전결 한도 "
                f"{won(found.effective_limit)} 안입니다: 바로 승인됩니다.")
    else:
        tail = "기준 금액 이내라 전결 한도가 필요 없습니다: 바로 승인됩니다."
    return f"{head} {tail}"


def _json(rule, found, errors: Errors) -> dict[str, Any]:
    body: dict[str, Any] = {"errors": errors}
    if rule is not None:
        body["rule"] = {
            "id": rule.rule.id, "item": rule.item.name_ko,
            "dispute_type_ko": rule.rule.dispute_type_ko,
            "remedies": [f"{r.kind_ko}: {r.formula_ko}" for r in rule.remedies],
            "inputs": [{"name": s.name, "label_ko": s.label_ko, "unit": s.unit,
                        "description_ko": s.description_ko} for s in rule.inputs]}
    if found is not None:
        body["preview"] = {
            "edition": found.edition, "rule_id": found.rule_id,
            "standard_krw": found.standard_krw, "amount_krw": found.amount_krw,
            "deviation_krw": found.deviation_krw, "counted_krw": found.counted_krw,
            "status": found.status, "status_ko": ko(found.status, "decision_status"),
            "hold": found.hold,
            "explanation_ko": found.explanation_ko, "summary_ko": summary(found)}
    return body
