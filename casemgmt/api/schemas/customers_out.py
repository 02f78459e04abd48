"""Response bodies of the customer look-up and the customer 360."""
from __future__ import annotations

from marshmallow import Schema, fields

from casemgmt.domain.values import DecisionStatus, Status

from .common import choice, nullable, page_of


class CustomerItemOut(Schema):
    customer_id = fields.String(required=True)
    name = fields.String(required=True, metadata={
        "description": "as the newest readable claim gives it; masked for auditors"})
    phone = nullable(fields.String)
    email = nullable(fields.String)
    tier = fields.String(required=True, metadata={"description": "as the newest claim gives it"})
    vulnerable = fields.List(fields.String(), required=True)
    claims = fields.Integer(required=True)
    open_claims = fields.Integer(required=True)
    last_received_at = fields.DateTime(required=True)


CustomerPageOut = page_of(CustomerItemOut, "CustomerPageOut")


class CustomerClaimOut(Schema):
    id = fields.String(required=True)
    status = choice(Status, required=True)
    category = fields.String(required=True)
    channel = fields.String(required=True)
    received_at = fields.DateTime(required=True)
    closed_at = nullable(fields.DateTime)


class ConcessionOut(Schema):
    claim_id = fields.String(required=True)
    decision_id = fields.String(required=True)
    order_id = nullable(fields.String)
    remedy = fields.String(required=True)
    amount_krw = fields.Integer(required=True)
    status = choice(DecisionStatus, required=True)
    hold = nullable(fields.String)
    decided_at = nullable(fields.DateTime)


class Customer360Out(CustomerItemOut):
    claims = fields.List(fields.Nested(CustomerClaimOut), required=True,
                         metadata={"description": "newest received first"})
    concessions = fields.List(fields.Nested(ConcessionOut), required=True)
    concessions_total_krw = fields.Integer(required=True, metadata={
        "description": "the sum of approved decisions (money given)"})
    abuse_reports = fields.Integer(required=True)
    open_agency_tracks = fields.Integer(required=True)
