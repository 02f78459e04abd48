"""Bodies of the policy simulation: the period and the rules to replay it under, and the
comparison it answers with."""
from __future__ import annotations

from datetime import date

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from casemgmt.domain.values import Category, Tier

from .common import MAX_KRW, SHORT, choice

MAX_PERIOD_DAYS = 92  # any calendar quarter; a longer period: `casemgmt simulate` (progress)
IN_CALENDAR = validate.Range(min=date(1900, 1, 1), max=date(2999, 12, 31))


def _days(low: int = 0) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=low, max=365))


class AuthorityIn(Schema):
    tier_multipliers = fields.Dict(
        keys=choice(Tier), values=fields.Float(validate=validate.Range(min=0, max=100)),
        metadata={"description": "tier → multiplier of the staff member's limit; tiers not "
                                 "named keep the service's", "example": {"loyal": 2.0}})
    limits = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=SHORT)),
        values=fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_KRW)),
        validate=validate.Length(max=10_000),
        metadata={"description": "staff id → authority limit in won; staff not named keep "
                                 "the limit they had when they decided"})


class DeadlinesIn(Schema):
    """DeadlinePolicy's lengths; those not given stay as the service has them."""

    first_response_business_days = _days()
    priority_first_response_hours = fields.Integer(strict=True,
                                                   validate=validate.Range(min=1, max=240))
    fact_check_business_days = _days()
    refund_business_days = _days()
    resolution_business_days = fields.Dict(keys=choice(Category), values=_days(), metadata={
        "description": "category → business days; categories not named keep the service's"})
    default_resolution_business_days = _days()
    relief_days = _days(1)
    relief_max_extension_days = _days()
    mediation_days = _days(1)
    acceptance_days = _days(1)


class SimulationIn(Schema):
    from_ = fields.Date(data_key="from", required=True, validate=IN_CALENDAR, metadata={
        "description": "the first day claims were received on (Asia/Seoul)"})
    to = fields.Date(required=True, validate=IN_CALENDAR, metadata={
        "description": f"the last day, inclusive; at most {MAX_PERIOD_DAYS} days after from"})
    authority = fields.Nested(AuthorityIn, load_default=dict)
    standard_edition = fields.String(validate=validate.Length(min=1, max=40), metadata={
        "description": "cite this edition instead of the one each decision cited"})
    deadlines = fields.Nested(DeadlinesIn, load_default=dict)

    @validates_schema
    def _a_bounded_period(self, data, **kwargs):
        start, end = data.get("from_"), data.get("to")
        if start is None or end is None:
            return
        if end < start:
            raise ValidationError("to must not be before from", "to")
        if (end - start).days + 1 > MAX_PERIOD_DAYS:
            raise ValidationError(
                f"at most {MAX_PERIOD_DAYS} days here; simulate longer periods with "
                "`casemgmt simulate`, which reports its progress", "to")


class PairOut(Schema):
    actual = fields.Integer(required=True)
    simulated = fields.Integer(required=True)


class TallyOut(Schema):
    claims = fields.Integer(required=True)
    decisions = fields.Integer(required=True)
    needing_approval = fields.Nested(PairOut, required=True, metadata={
        "description": "decisions beyond the proposer's authority (actual: as recorded)"})
    amount_krw = fields.Nested(PairOut, required=True, metadata={
        "description": "the won of the decisions needing approval"})
    counted_krw = fields.Nested(PairOut, required=True, metadata={
        "description": "the won counted against authority (above the standard's amount)"})
    deadlines_missed = fields.Nested(PairOut, required=True, metadata={
        "description": "deadlines met late or not met yet (both columns recomputed)"})


class CategoryTallyOut(TallyOut):
    category = fields.String(required=True)


class SimulationOut(TallyOut):
    from_ = fields.Date(data_key="from", attribute="from", required=True)
    to = fields.Date(required=True)
    by_category = fields.List(fields.Nested(CategoryTallyOut), required=True)
    citations_outside_edition = fields.Integer(required=True, metadata={
        "description": "cited rules the simulated edition does not have (counted whole)"})
    events_read = fields.Integer(required=True)
    elapsed_ms = fields.Integer(required=True)
