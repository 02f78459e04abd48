"""The operations /openapi.json publishes, and minimal valid requests built from it.

Bodies are made from the request schema: every required property, enums at their first value,
times just before the test clock's now, strings "x" unless a name needs a real value (a staff
id, a month). Path parameters are real where the operation needs a real object and harmless
where a wrong one would do damage (a token revocation names a throwaway staff member).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

ROLES = ("agent", "supervisor", "auditor", "scheduler", "admin")
METHODS = ("get", "post", "put", "patch", "delete")
BEFORE_NOW = "2026-11-20T09:00:00+09:00"  # the test clock stands at 10:00 KST


@dataclass(frozen=True)
class Operation:
    method: str
    path: str       # as documented: /api/v1/claims/{claim_id}
    spec: dict

    @property
    def roles(self) -> list[str] | None:
        """x-roles, or None for a public operation (security: [])."""
        return self.spec.get("x-roles")

    @property
    def public(self) -> bool:
        return self.spec.get("security") == [] and "x-roles" not in self.spec

    def path_params(self) -> list[str]:
        return [part[1:-1] for part in self.path.split("/") if part.startswith("{")]

    def url(self, values: dict[str, str]) -> str:
        url = self.path
        for name in self.path_params():
            url = url.replace("{" + name + "}", values[name])
        return url

    def query(self, name: str) -> dict | None:
        for parameter in self.spec.get("parameters", []):
            if parameter.get("in") == "query" and parameter["name"] == name:
                return parameter
        return None

    @property
    def takes_files(self) -> bool:
        return "multipart/form-data" in self.spec.get("requestBody", {}).get("content", {})

    def body_schema(self, doc: dict) -> dict | None:
        """The JSON body's schema (None for no body, or a multipart one)."""
        body = self.spec.get("requestBody")
        if not body or "application/json" not in body["content"]:
            return None
        return resolve(doc, body["content"]["application/json"]["schema"])

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations(doc: dict) -> Iterator[Operation]:
    """The staff and public operations. The vendor's (security: vendorToken; a link's token,
    no role) are tested in tests/evidence/test_vendor_links.py."""
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item and item[method].get("security") != [{"vendorToken": []}]:
                yield Operation(method, path, item[method])


def resolve(doc: dict, schema: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = doc["components"]["schemas"][name]
    if "anyOf" in schema:  # nullable nested objects: the object itself
        first = next(s for s in schema["anyOf"] if "$ref" in s or s.get("properties"))
        return resolve(doc, first)
    return schema


def minimal(doc: dict, schema: dict, named: Callable[[str], Any | None]) -> Any:
    """A value that satisfies `schema` with as little as possible."""
    schema = resolve(doc, schema)
    if schema.get("type") == "object" or "properties" in schema:
        body = {}
        for name in schema.get("required", []):
            special = named(name)
            body[name] = special if special is not None else minimal(
                doc, schema["properties"][name], named)
        return body
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "string":
        if schema.get("format") == "date-time":
            return BEFORE_NOW
        if schema.get("format") == "date":  # e.g. a simulation's period (issue 12)
            return BEFORE_NOW[:10]
        if schema.get("format") == "email":
            return "x@example.com"
        return "x"
    if kind == "integer":
        return max(schema.get("minimum", 0), 0)
    if kind == "number":
        return 0
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    return None


def string_limits(doc: dict, schema: dict, prefix: tuple[str, ...] = ()
                  ) -> Iterator[tuple[tuple[str, ...], int]]:
    """(path to the property, maxLength) of every bounded string in the body, nested included."""
    schema = resolve(doc, schema)
    for name, prop in schema.get("properties", {}).items():
        prop = resolve(doc, prop)
        if prop.get("type") == "string" and "maxLength" in prop and "enum" not in prop:
            yield (*prefix, name), prop["maxLength"]
        elif prop.get("type") == "object" or "properties" in prop:
            yield from string_limits(doc, prop, (*prefix, name))


def with_value(body: dict, path: tuple[str, ...], value: Any) -> dict:
    """A copy of body with value at path (creating the nested objects on the way)."""
    copy = dict(body)
    if len(path) == 1:
        copy[path[0]] = value
        return copy
    copy[path[0]] = with_value(dict(copy.get(path[0]) or {}), path[1:], value)
    return copy
