"""Request bodies of the claim operations."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from casemgmt.domain.values import (
    AbuseKind, Agency, Category, Channel, Finding, Outcome, Remedy, Resolution, SatisfactionVia,
    Stage, Tier, VendorKind, Vulnerability,
)

from .common import (
    LONG, NO_NUL, SHORT, TEXT, choice, moment, optional_text, required_text, won,
)
from .standards import StandardCitationIn


class CustomerIn(Schema):
    # stored as text in the views and the access log: PostgreSQL takes no NUL there
    id = fields.String(required=True, validate=[validate.Length(min=1, max=SHORT), NO_NUL])
    name = required_text(SHORT)
    phone = fields.String(allow_none=True, load_default=None,
                          validate=[validate.Length(max=40),
                                    validate.Regexp(r"^[0-9+\-() ]{4,40}$",
                                                    error="not a phone number")])
    email = fields.Email(allow_none=True, load_default=None, validate=validate.Length(max=320))
    tier = choice(Tier, load_default=Tier.REGULAR.value)
    vulnerable = fields.List(choice(Vulnerability), load_default=list,
                             validate=validate.Length(max=len(Vulnerability)))


class OrderIn(Schema):
    id = required_text(SHORT)
    merchant_id = optional_text(SHORT)
    amount_krw = won(allow_none=True, load_default=None)


class IntakeIn(Schema):
    channel = choice(Channel, required=True)
    category = choice(Category, required=True)
    customer = fields.Nested(CustomerIn, required=True)
    order = fields.Nested(OrderIn, allow_none=True, load_default=None)
    summary = required_text(1_000)
    description = optional_text(LONG)
    received_at = moment(allow_none=True, load_default=None)


class AssignmentIn(Schema):
    assignee = required_text(SHORT, metadata={"description": "a staff member's id"})


class ResponseIn(Schema):
    message = required_text(TEXT)
    channel = choice(Channel, required=True)


class VendorIn(Schema):
    id = required_text(SHORT)
    kind = choice(VendorKind, required=True)


class FactCheckIn(Schema):
    vendor = fields.Nested(VendorIn, required=True)
    question = required_text(TEXT)
    due_at = moment(allow_none=True, load_default=None,
                    metadata={"description": "default: 2 business days"})


class FactCheckAnswerIn(Schema):
    finding = choice(Finding, required=True)
    details = optional_text(TEXT)
    evidence = fields.List(fields.String(validate=validate.Length(min=1, max=2_000)),
                           load_default=list, validate=validate.Length(max=50))


class FactCheckCancellationIn(Schema):
    reason = optional_text(TEXT)


class DecisionIn(Schema):
    remedy = choice(Remedy, required=True)
    amount_krw = won(required=True)
    rationale = required_text(TEXT, metadata={"description": "the reason told to the customer"})
    standard = fields.Nested(StandardCitationIn, allow_none=True, load_default=None, metadata={
        "description": "cite the remedy standard: only the amount above it needs authority"})


class ApprovalIn(Schema):
    approved = fields.Boolean(required=True)
    note = optional_text(TEXT)
    acknowledged_previous = fields.List(  # issue 10: the duplicate-compensation guard
        fields.Nested(lambda: DecisionRefIn()), validate=validate.Length(max=500), metadata={
            "description": "earlier payments on the order the supervisor has seen; when "
                           "given, it must name every one approved since the decision was "
                           "proposed (else 409)"})


class DecisionRefIn(Schema):
    claim_id = required_text(SHORT)
    decision_id = required_text(SHORT)


class EscalationIn(Schema):
    agency = choice(Agency, required=True)
    agency_reference = required_text(SHORT)
    received_at = moment(required=True)
    stage = choice(Stage, allow_none=True, load_default=None)


class StageIn(Schema):
    stage = choice(Stage, required=True)
    at = moment(allow_none=True, load_default=None)
    details = optional_text(TEXT)


class AgencyReplyIn(Schema):
    message = required_text(LONG)


class ExtensionIn(Schema):
    days = fields.Integer(strict=True, required=True, validate=validate.Range(min=1, max=60),
                          metadata={"description": "at most 60 days in all (제58조 단서)"})
    reason = required_text(TEXT, metadata={"description": "the agency's reason, as it gave it"})
    at = moment(allow_none=True, load_default=None,
                metadata={"description": "when the agency extended it; default: now"})


class OutcomeIn(Schema):
    outcome = choice(Outcome, required=True)
    details = optional_text(TEXT)


class ClosureIn(Schema):
    resolution = choice(Resolution, required=True)
    summary = optional_text(TEXT)


class ReopeningIn(Schema):
    reason = required_text(TEXT)


class SatisfactionIn(Schema):
    score = fields.Integer(strict=True, required=True, validate=validate.Range(min=0, max=10))
    comment = optional_text(TEXT)
    via = choice(SatisfactionVia, required=True)


class NoteIn(Schema):
    text = required_text(LONG)


class AbuseReportIn(Schema):
    kind = choice(AbuseKind, required=True)
    details = optional_text(TEXT)
