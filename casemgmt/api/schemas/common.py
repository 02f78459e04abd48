"""Field helpers and schemas shared by several resources."""
from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..openapi_shapes import Choice

# Generous limits that no honest request reaches, so a client cannot make us store megabytes.
SHORT = 200
TEXT = 5_000
LONG = 20_000
MAX_KRW = 10_000_000_000
# Times outside these are typing mistakes; at year 1 or 9999 they would not even convert to
# Seoul time (OverflowError), and a claim read in Seoul must never fail to.
EARLIEST = datetime(1900, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(3000, 1, 1, tzinfo=timezone.utc)


def choice(enum: type[StrEnum], **kwargs) -> Choice:
    return Choice(enum, **kwargs)


def nullable(field: type[fields.Field], *args, **kwargs) -> fields.Field:
    """A response field that is always present and may be null, e.g. `nullable(fields.DateTime)`."""
    return field(*args, allow_none=True, required=True, **kwargs)


def page_of(item: type[Schema], name: str, *, resume: str = "cursor") -> type[Schema]:
    """The schema `name` of one page of a list: `{"items": [...], "next_cursor": str|null}`."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item), required=True),
        "next_cursor": nullable(fields.String, metadata={
            "description": f"pass as ?{resume}= for the next page; null on the last page"}),
    }, name=name)


def page_limit() -> fields.Integer:
    """`?limit=`: how many items a page holds, 50 unless asked, never more than 500."""
    return fields.Integer(load_default=50, validate=validate.Range(min=1, max=500))


# For text stored as text (not sealed), where PostgreSQL takes no NUL character.
NO_NUL = validate.Regexp(r"^[^\x00]*$", error="must not contain U+0000")


def required_text(max_length: int = TEXT, **kwargs) -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=max_length), **kwargs)


def optional_text(max_length: int = TEXT, **kwargs) -> fields.String:
    return fields.String(allow_none=True, load_default=None,
                         validate=validate.Length(max=max_length), **kwargs)


def moment(**kwargs) -> fields.AwareDateTime:
    """An RFC 3339 time with its offset, from 1900 up to the year 3000."""
    return fields.AwareDateTime(validate=_within_calendar, **kwargs)


def _within_calendar(value: datetime) -> None:
    if not EARLIEST <= value < LATEST:
        raise ValidationError("must be a time from 1900-01-01 up to 3000-01-01 (UTC)")


def calendar_month(**kwargs) -> fields.String:
    """A calendar month, YYYY-MM."""
    return fields.String(validate=[validate.Length(max=7), validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$")],
                         **kwargs)


def won(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_KRW), **kwargs)


class TimeWindowQuery(Schema):
    """A query over the times from `from` (the field `from_`) up to `to`, which the subclass
    declares where they belong in its parameters: given both, from must come first."""

    @validates_schema
    def _ordered(self, data, **kwargs):
        if "from_" in data and "to" in data and data["from_"] >= data["to"]:
            raise ValidationError("from must be earlier than to", "from")


class OrderOut(Schema):
    """The order a claim is about: on the claim, and (as VendorOrderOut) on a vendor's page."""

    id = fields.String(required=True)
    merchant_id = nullable(fields.String)
    amount_krw = nullable(fields.Integer)


class ProblemSchema(Schema):
    """application/problem+json (RFC 9457)."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    rule = fields.String(metadata={"description": "the domain rule that refused the command"})
