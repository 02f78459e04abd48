"""Field helpers and schemas shared by several resources."""
from __future__ import annotations

from enum import StrEnum

from marshmallow import Schema, fields, validate

# Generous limits that no honest request reaches, so a client cannot make us store megabytes.
SHORT = 200
TEXT = 5_000
LONG = 20_000
MAX_KRW = 10_000_000_000


def choice(enum: type[StrEnum], **kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf([m.value for m in enum]), **kwargs)


def required_text(max_length: int = TEXT, **kwargs) -> fields.String:
    return fields.String(required=True, validate=validate.Length(min=1, max=max_length), **kwargs)


def optional_text(max_length: int = TEXT, **kwargs) -> fields.String:
    return fields.String(allow_none=True, load_default=None,
                         validate=validate.Length(max=max_length), **kwargs)


def won(**kwargs) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(min=0, max=MAX_KRW), **kwargs)


class ProblemSchema(Schema):
    """application/problem+json (RFC 9457)."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    rule = fields.String(metadata={"description": "the domain rule that refused the command"})
