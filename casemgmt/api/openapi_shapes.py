"""How /openapi.json spells nullable objects and enums, so that generated clients are typed.

apispec's OpenAPI 3.0 rendering of a nullable nested schema, `anyOf: [{type: object,
nullable: true}, {$ref}]`, reads to client generators as "any object or the schema": they
type the field as a free-form dict. An inline nullable enum (`enum: [..., null]`) becomes one
generated enum class per union branch. So, for OpenAPI 3.0.3 (Swagger UI 4, which /docs
serves offline, renders no 3.1):

- a nullable nested object or enum is `allOf: [{$ref}]` + `nullable: true`;
- every domain enum is one named component (`Status`, `Channel`, `Stage`, …) that requests,
  responses and query parameters refer to, so a client has one `Stage`, not three;
- schemas no operation uses (flask-smorest's `Error`, `PaginationMetadata`) are left out.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Any, Iterator

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin, OpenAPIConverter
from marshmallow import fields, validate

COMPONENT = "#/components/schemas/"
METHODS = ("get", "put", "post", "patch", "delete")


class Choice(fields.String):
    """A string that is one of a domain enum's values, documented as that enum's component."""

    def __init__(self, enum: type[StrEnum], **kwargs: Any):
        self.enum = enum
        super().__init__(validate=validate.OneOf([m.value for m in enum]), **kwargs)


class TypedClientConverter(OpenAPIConverter):
    def init_attribute_functions(self) -> None:
        super().init_attribute_functions()
        # before field2nullable, which then wraps the enum's $ref like a nested schema's
        self.attribute_functions.insert(self.attribute_functions.index(self.field2nullable),
                                        self.choice2ref)

    def choice2ref(self, field: fields.Field, ret: dict, **_: Any) -> dict:
        if not isinstance(field, Choice):
            return {}
        ret.pop("type", None)
        ret.pop("enum", None)
        reference = {"$ref": COMPONENT + self._enum_component(field.enum)}
        if ret:  # a description or default beside it: 3.0 ignores siblings of a bare $ref
            return {"allOf": [reference]}
        return reference

    def _enum_component(self, enum: type[StrEnum]) -> str:
        name = enum.__name__
        values = [m.value for m in enum]
        known = self.spec.components.schemas.get(name)
        if known is None:
            self.spec.components.schema(name, {"type": "string", "enum": values})
        elif known.get("enum") != values:
            raise ValueError(f"two schemas are named {name}: rename one enum")
        return name

    def field2nullable(self, field: fields.Field, ret: dict) -> dict:
        if not field.allow_none or self.openapi_version.major != 3 or self.openapi_version.minor:
            return super().field2nullable(field, ret)
        if "$ref" in ret:
            ret["allOf"] = [{"$ref": ret.pop("$ref")}]
        return {"nullable": True}


class TypedClientPlugin(MarshmallowPlugin):
    Converter = TypedClientConverter


def finish(spec: APISpec, operation_ids: dict[tuple[str, str], str]) -> None:
    """Name every operation and leave out unused schemas; call once every path is in."""
    for path, operations in spec._paths.items():  # apispec serves this dict as "paths"
        for method, operation in operations.items():
            if method in METHODS:
                operation["operationId"] = operation_ids.get(
                    (method, path), _derived_id(method, path))
    schemas = spec.components.schemas
    used = _reachable(spec._paths, schemas)
    for name in [name for name in schemas if name not in used]:
        del schemas[name]


def _derived_id(method: str, path: str) -> str:
    """An operation missing from the table still gets a unique id (its method and path)."""
    words = path.replace("/api/v1/", "/").replace("{", "").replace("}", "")
    return "_".join([method, *filter(None, words.replace("-", "_").split("/"))])


def _reachable(paths: dict, schemas: dict) -> set[str]:
    used: set[str] = set()
    todo = list(_references(paths))
    while todo:
        name = todo.pop()
        if name not in used and name in schemas:
            used.add(name)
            todo.extend(_references(schemas[name]))
    return used


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(COMPONENT):
                yield value[len(COMPONENT):]
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for value in node:
            yield from _references(value)
