"""Bodies of the remedy standard: editions, the rules of an edition, a calculation."""
from __future__ import annotations

from datetime import date
from enum import StrEnum

from marshmallow import Schema, fields, validate

from casemgmt.domain.remedy_standard.model import CONFIDENCE

from .common import MAX_KRW, SHORT, choice, nullable, page_limit, page_of, required_text

CONFIDENCE_TEXT = ("how sure the transcription is: sourced, verify (check against the official "
                   "text), weak (secondary source), guess")


# One named enum in /openapi.json for the three schemas that show it (a typed client's one class).
ConfidenceLevel = StrEnum("Confidence", [(value.upper(), value) for value in CONFIDENCE])


def Confidence() -> fields.String:  # noqa: N802 (used like the field classes)
    return choice(ConfidenceLevel, required=True, metadata={"description": CONFIDENCE_TEXT})


class PageQuery(Schema):
    limit = page_limit()
    # Short limits: a request line over gunicorn's 4,094 bytes is refused before the app sees it.
    cursor = fields.String(validate=validate.Length(min=1, max=100))


class RulesQuery(PageQuery):
    item = fields.String(validate=validate.Length(min=1, max=50),
                         metadata={"description": "an item id, e.g. 60 (택배) or 9.11 (스마트폰)"})


class EditionOut(Schema):
    id = fields.String(required=True, metadata={"description": "FTC-<effective date>"})
    notice = fields.String(required=True, metadata={"description": "공정거래위원회고시 number"})
    effective_from = fields.Date(required=True)
    effective_to = nullable(fields.Date,
                           metadata={"description": "inclusive; null while in force"})
    source = fields.String(required=True)
    confidence = Confidence()
    note_ko = nullable(fields.String)
    unverified_items = fields.List(fields.String(), required=True, metadata={
        "description": "items this edition changed that are not transcribed yet: their rules are "
                       "carried over from the previous edition and marked verify"})


EditionPageOut = page_of(EditionOut, "EditionPageOut")


class RemedyOfRuleOut(Schema):
    kind = fields.String(required=True, metadata={"description": "refund, exchange, repair, …"})
    kind_ko = fields.String(required=True)
    formula = fields.String(required=True, metadata={"description": "the formula kind"})
    formula_ko = fields.String(required=True, metadata={"description": "the formula in words"})
    inputs = fields.List(fields.String(), required=True)
    params = fields.Dict(keys=fields.String(), values=fields.Raw(), required=True)


class InputFieldOut(Schema):
    name = fields.String(required=True)
    label_ko = fields.String(required=True)
    unit = fields.String(required=True, metadata={"description": "원 for money, else 일, 개월…"})
    description_ko = nullable(fields.String)


class RuleOut(Schema):
    id = fields.String(required=True)
    item = fields.String(required=True)
    item_name = fields.String(required=True)
    dispute_type = fields.String(required=True)
    dispute_type_ko = fields.String(required=True)
    remedies = fields.List(fields.Nested(RemedyOfRuleOut), required=True,
                           metadata={"description": "in the order the standard gives them"})
    note_ko = nullable(fields.String)
    source = fields.String(required=True)
    confidence = Confidence()
    since = fields.String(required=True, metadata={
        "description": "the edition this version of the rule starts in"})
    input_fields = fields.List(fields.Nested(InputFieldOut), required=True)


RulePageOut = page_of(RuleOut, "RulePageOut")


def _rule_inputs() -> fields.Dict:
    return fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=64)),
        values=fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_KRW)),
        required=True, metadata={"description": "the rule's inputs: money in won (*_krw), counts",
                                 "example": {"days_late": 3, "fare_krw": 4000}})


def _day(default: str) -> fields.Date:
    return fields.Date(validate=validate.Range(min=date(1900, 1, 1), max=date(2999, 12, 31)),
                       metadata={"description": f"the day whose edition applies; default {default}"
                                                " (Asia/Seoul)"})


class CalculateIn(Schema):
    rule_id = required_text(SHORT, metadata={"example": "60-3"})
    inputs = _rule_inputs()
    on = _day("today")


class StandardCitationIn(Schema):
    """A decision's citation of the standard (the calculator's body, `on` defaulting to the day
    the claim was received)."""

    rule_id = required_text(SHORT, metadata={"example": "60-3"})
    inputs = _rule_inputs()
    on = _day("the day the claim was received")


class CitedStandardOut(Schema):
    edition = fields.String(required=True)
    rule_id = fields.String(required=True)
    inputs = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    kind = fields.String(required=True, metadata={
        "description": "the standard's remedy taken as the baseline (refund, refund_cash, "
                       "compensate)"})
    amount_krw = fields.Integer(required=True)
    explanation_ko = fields.String(required=True)


class RemedyAmountOut(Schema):
    kind = fields.String(required=True)
    kind_ko = fields.String(required=True)
    amount_krw = nullable(fields.Integer,
                            metadata={"description": "null for exchange, repair and the like"})
    explanation_ko = fields.String(required=True)


class CalculationOut(Schema):
    edition = fields.String(required=True)
    notice = fields.String(required=True)
    rule_id = fields.String(required=True)
    rule_since = fields.String(required=True)
    on = nullable(fields.Date)
    inputs = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    remedies = fields.List(fields.Nested(RemedyAmountOut), required=True)
    source = fields.String(required=True)
    confidence = Confidence()
    warning_ko = nullable(fields.String)
