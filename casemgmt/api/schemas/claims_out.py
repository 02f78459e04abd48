"""Response bodies: the claim as clients see it (API.md), and the work-queue page."""
from __future__ import annotations

from marshmallow import Schema, fields

from casemgmt.domain.values import (
    AbuseKind, Agency, Category, Channel, DecisionStatus, FactCheckStatus, Finding, Flag, Outcome,
    Priority, Remedy, Resolution, SatisfactionVia, Stage, Status, Tier, VendorKind, Vulnerability,
)

from .common import OrderOut, choice, nullable, page_of
from .evidence_out import AttachmentOut, VendorLinkStateOut
from .standards import CitedStandardOut

Time = fields.DateTime


class CustomerOut(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True, metadata={"description": "masked for auditors: 김*수"})
    phone = nullable(fields.String)
    email = nullable(fields.String)
    tier = choice(Tier, required=True)
    vulnerable = fields.List(choice(Vulnerability), required=True)


class VendorOut(Schema):
    id = fields.String(required=True)
    kind = choice(VendorKind, required=True)


class FactCheckOut(Schema):
    id = fields.String(required=True)
    vendor = fields.Nested(VendorOut, required=True)
    question = fields.String(required=True)
    requested_at = Time(required=True)
    due_at = Time(required=True)
    status = choice(FactCheckStatus, required=True)
    finding = choice(Finding, allow_none=True, required=True)
    details = nullable(fields.String)
    evidence = fields.List(fields.String(), required=True, metadata={
        "description": "as given by staff; a vendor's answer lists its attachment ids"})
    answered_at = nullable(fields.DateTime)
    answered_by = nullable(fields.String)
    vendor_links = fields.List(fields.Nested(VendorLinkStateOut), required=True)


class DecisionOut(Schema):
    id = fields.String(required=True)
    remedy = choice(Remedy, required=True)
    amount_krw = fields.Integer(required=True)
    rationale = fields.String(required=True)
    proposed_by = fields.String(required=True)
    proposed_at = Time(required=True)
    status = choice(DecisionStatus, required=True)
    decided_by = nullable(fields.String)
    decided_at = nullable(fields.DateTime)
    note = nullable(fields.String)
    # the remedy standard (decision_presenters.py)
    standard = nullable(fields.Nested, CitedStandardOut, metadata={
        "description": "the remedy standard the decision cites; null when it cites none"})
    deviation_krw = nullable(fields.Integer, metadata={
        "description": "amount − the standard's amount (negative: less than the standard)"})
    counted_krw = fields.Integer(required=True, metadata={
        "description": "what counts against authority: the amount above the standard, or the "
                       "whole amount without a citation"})
    delay_interest_krw = nullable(fields.Integer, metadata={
        "description": "15%/year on a refund decided after its statutory deadline (전자상거래법 "
                       "시행령 §21-3); null where no statutory refund deadline applies"})
    # The duplicate-compensation guard (issue 10)
    hold = nullable(fields.String, metadata={
        "description": "why it waits beyond authority: duplicate_compensation, or null"})
    previous = fields.List(fields.Nested(lambda: PaymentOut()), required=True, metadata={
        "description": "the order's earlier approved money decisions the hold cites"})
    acknowledged_previous = fields.List(fields.Nested(lambda: PaymentOut()), required=True,
                                        metadata={"description": "those the approver approved "
                                                  "this one on top of"})


class PaymentOut(Schema):
    claim_id = fields.String(required=True)
    decision_id = fields.String(required=True)
    amount_krw = fields.Integer(required=True)


class StageOut(Schema):
    stage = choice(Stage, required=True)
    at = Time(required=True)
    details = nullable(fields.String)


class AgencyReplyOut(Schema):
    message = fields.String(required=True)
    at = Time(required=True)
    by = fields.String(required=True)


class ExtensionOut(Schema):
    days = fields.Integer(required=True)
    reason = fields.String(required=True)
    at = Time(required=True, metadata={"description": "when the agency extended it"})
    by = fields.String(required=True)


def deadlines_of(name: str, *deadlines: str) -> type[Schema]:
    """The schema `name` of statutory deadlines (domain/deadlines.py): each a time, null while
    its clock has not started or does not apply."""
    return Schema.from_dict({deadline: nullable(fields.DateTime) for deadline in deadlines},
                            name=name)


EscalationDeadlinesOut = deadlines_of("EscalationDeadlinesOut",
                                      "relief", "mediation_decision", "acceptance")


class EscalationOut(Schema):
    id = fields.String(required=True)
    agency = choice(Agency, required=True)
    agency_reference = fields.String(required=True)
    received_at = Time(required=True)
    stage = choice(Stage, required=True)
    stages = fields.List(fields.Nested(StageOut), required=True)
    replies = fields.List(fields.Nested(AgencyReplyOut), required=True)
    extensions = fields.List(fields.Nested(ExtensionOut), required=True, metadata={
        "description": "the agency's extensions of its relief period, in deadlines.relief"})
    deadlines = fields.Nested(EscalationDeadlinesOut, required=True)
    outcome = choice(Outcome, allow_none=True, required=True)
    outcome_details = nullable(fields.String)
    concluded_at = nullable(fields.DateTime)


class SatisfactionOut(Schema):
    score = fields.Integer(required=True)
    comment = nullable(fields.String)
    via = choice(SatisfactionVia, required=True)
    at = nullable(fields.DateTime)


class EntryOut(Schema):
    """A response to the customer, or an internal note."""

    text = fields.String(required=True)
    channel = choice(Channel, allow_none=True)
    by = fields.String(required=True)
    at = Time(required=True)


class AbuseReportOut(Schema):
    kind = choice(AbuseKind, required=True)
    details = nullable(fields.String)
    by = fields.String(required=True)
    at = Time(required=True)


DeadlinesOut = deadlines_of("DeadlinesOut", "first_response", "resolution", "refund")


class ClaimSummaryOut(Schema):
    id = fields.String(required=True)
    version = fields.Integer(required=True)
    status = choice(Status, required=True)
    channel = choice(Channel, required=True)
    category = choice(Category, required=True)
    customer = fields.Nested(CustomerOut, required=True)
    summary = fields.String(required=True)
    priority = choice(Priority, required=True)
    assignee = nullable(fields.String)
    received_at = Time(required=True)
    first_response_at = nullable(fields.DateTime)
    deadlines = fields.Nested(DeadlinesOut, required=True)
    overdue = fields.List(fields.String(), required=True,
                          metadata={"description": "deadlines missed and not yet met"})
    closed_at = nullable(fields.DateTime)
    flags = fields.List(choice(Flag), required=True)


class ClaimOut(ClaimSummaryOut):
    order = nullable(fields.Nested, OrderOut)
    description = nullable(fields.String)
    fact_checks = fields.List(fields.Nested(FactCheckOut), required=True)
    decisions = fields.List(fields.Nested(DecisionOut), required=True)
    escalations = fields.List(fields.Nested(EscalationOut), required=True)
    responses = fields.List(fields.Nested(EntryOut), required=True)
    notes = fields.List(fields.Nested(EntryOut), required=True)
    abuse_reports = fields.List(fields.Nested(AbuseReportOut), required=True)
    resolution = choice(Resolution, allow_none=True, required=True)
    closure_summary = nullable(fields.String)
    reopen_count = fields.Integer(required=True)
    satisfaction = nullable(fields.Nested, SatisfactionOut)
    filed_by = fields.String(required=True)
    filed_at = Time(required=True)
    attachments = fields.List(fields.Nested(AttachmentOut), required=True)


ClaimPageOut = page_of(ClaimSummaryOut, "ClaimPageOut")
