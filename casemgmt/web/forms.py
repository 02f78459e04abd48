"""HTML form fields → the API's JSON body, validated by the API's own schema, with errors in
Korean keyed by field name (dotted for nested fields: ``customer.name``, ``vendor.id``).

Form controls are named as the API's fields, so a rule the schema or the domain reports for
``vendor.id`` lands next to the control named ``vendor.id``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field as dataclass_field
from typing import Any, Mapping

from marshmallow import Schema, ValidationError, fields
from werkzeug.datastructures import MultiDict

from casemgmt.domain.calendar import SEOUL

Errors = dict[str, list[str]]
_LOCAL_MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$")


def read(schema: type[Schema], form: MultiDict, prefix: str = "") -> tuple[dict | None, Errors]:
    """(the loaded body, {}) or (None, errors)."""
    body = _body(schema(), form, prefix)
    try:
        return schema().load(body), {}
    except ValidationError as error:
        return None, korean(_dict_values(flatten(error.messages)))


def _body(schema: Schema, form: MultiDict, prefix: str) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, field in schema.fields.items():
        key = f"{prefix}{field.data_key or name}"
        if isinstance(field, fields.Nested):
            nested = _body(field.schema, form, f"{key}.")
            if field.allow_none and not any(_filled(v) for v in nested.values()):
                body[name] = None
            else:
                body[name] = nested
        elif isinstance(field, fields.Dict):
            # `key.<name>` controls (e.g. standard.inputs.days_late); blank ones are left out, so
            # the rule names what is missing; a hidden `key` control sends {} when none is filled
            entries = {name_[len(key) + 1:]: _value(field.value_field, raw)
                       for name_, raw in form.items(multi=True)
                       if name_.startswith(f"{key}.") and raw.strip()}
            if entries or key in form:
                body[name] = entries
        elif isinstance(field, fields.List) and isinstance(field.inner, fields.Nested):
            # `key.<n>.<name>` controls, one group a row (the payments an approver saw)
            rows = sorted({int(m.group(1)) for name_ in form
                           if (m := re.fullmatch(rf"{re.escape(key)}\.(\d+)\..+", name_))})
            if rows or key in form:
                body[name] = [_body(field.inner.schema, form, f"{key}.{n}.") for n in rows]
        elif isinstance(field, fields.List):
            values = [v for raw in form.getlist(key) for v in _lines(raw)]
            if values or key in form:
                body[name] = values
        elif key in form:
            if (isinstance(field, (fields.Date, fields.DateTime)) and not field.required
                    and not field.allow_none and not form.get(key, "").strip()):
                continue  # a blank optional day (standard.on) is not given: its default applies
            body[name] = _value(field, form.get(key, ""))
    return body


def _dict_values(errors: Errors) -> Errors:
    """A dict's value errors come as `inputs.days_late.value`: named as the control is."""
    named: Errors = {}
    for name, texts in errors.items():
        named.setdefault(re.sub(r"\.(value|key)$", "", name), []).extend(texts)
    return named


def _value(field: fields.Field, raw: str) -> Any:
    text = raw.strip()
    if text == "":
        return None if field.allow_none else (None if field.required else "")
    if isinstance(field, fields.Integer):
        digits = text.replace(",", "").replace("_", "")
        return int(digits) if digits.isdigit() else text
    if isinstance(field, fields.DateTime) and _LOCAL_MINUTE.match(text):
        # <input type="datetime-local"> sends Seoul wall time without an offset
        return f"{text}{'' if text.count(':') == 2 else ':00'}+09:00"
    return text


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.splitlines() if line.strip()]


def _filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def flatten(messages: Any, prefix: str = "") -> Errors:
    """{'customer': {'name': [...]}} → {'customer.name': [...]}; list items join their list."""
    flat: Errors = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            name = prefix if isinstance(key, int) else (f"{prefix}.{key}" if prefix else key)
            for field, texts in flatten(value, name).items():
                flat.setdefault(field, []).extend(texts)
    elif isinstance(messages, list):
        flat[prefix or "_form"] = [str(m) for m in messages]
    else:
        flat[prefix or "_form"] = [str(messages)]
    return flat


def korean(errors: Errors) -> Errors:
    return {field: [translate(m) for m in texts] for field, texts in errors.items()}


_MESSAGES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^Missing data for required field\.$"), "필수 항목입니다."),
    (re.compile(r"^Field may not be null\.$"), "필수 항목입니다."),
    (re.compile(r"^Length must be between 1 and (\d+)\.$"), "1자 이상 {0}자 이하로 입력하세요."),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), "{0}자 이하로 입력하세요."),
    (re.compile(r"^Not a valid integer\.$"), "숫자만 입력하세요."),
    (re.compile(r"^Must be one of: .*$"), "목록에 있는 값을 고르세요."),
    (re.compile(r"^Not a valid email address\.$"), "이메일 주소 형식이 아닙니다."),
    (re.compile(r"^not a phone number$"), "전화번호 형식이 아닙니다 (숫자, +, -, 괄호)."),
    (re.compile(r"^Not a valid (aware )?datetime\.$"), "날짜와 시각을 입력하세요."),
    (re.compile(r"^Must be greater than or equal to (\d+) and less than or equal to (\d+)\.$"),
     "{0}부터 {1}까지의 숫자를 입력하세요."),
    (re.compile(r"^Must be greater than or equal to (\d+)\.$"), "{0} 이상이어야 합니다."),
    (re.compile(r"^must be a time from 1900"), "1900년부터 2999년 사이의 시각이어야 합니다."),
    (re.compile(r"^Not a valid boolean\.$"), "승인 또는 반려를 고르세요."),
]


def translate(message: str) -> str:
    for pattern, korean_text in _MESSAGES:
        match = pattern.match(message)
        if match:
            return korean_text.format(*match.groups())
    return message


def version_of(form: Mapping[str, str]) -> int | None:
    """The claim version the form was read at (its If-Match); None when absent or garbled."""
    raw = (form.get("version") or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 12 else None


def seoul_local(moment) -> str:
    """A time as <input type="datetime-local"> shows it, in Seoul."""
    return moment.astimezone(SEOUL).strftime("%Y-%m-%dT%H:%M") if moment else ""


@dataclass
class Failed:
    """A form sent back with what the user typed and why it was refused."""

    form_id: str
    errors: Errors = dataclass_field(default_factory=dict)
    values: MultiDict = dataclass_field(default_factory=MultiDict)
    conflict: bool = False
