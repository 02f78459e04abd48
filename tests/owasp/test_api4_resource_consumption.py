"""OWASP API4:2023 Unrestricted Resource Consumption — no request makes the service store or
return without bound.

A body over 1 MiB is refused with 413 before it is parsed; every list's ?limit= stops at 500
(501 is refused); every string a body or a query takes has a maximum length in the document,
and one character more is refused with 422 — all without writing anything. The rate limit per
token (429 with Retry-After) and bodies sent without a length are tested in
tests/security/test_limits.py.
"""
from __future__ import annotations

from tests.http import a_problem, writes_nothing
from tests.owasp.build import body_for, path_values, query_for, send
from tests.owasp.openapi import string_limits, with_value

MiB = 1024 * 1024


def test_every_operation_that_takes_a_body_refuses_one_over_one_mib_with_413(api, doc, ops,
                                                                            world):
    """The one place the 1 MiB rule is tested, for every operation (sent by a role the operation
    admits, to objects that exist); bodies without a length: tests/security/test_limits.py.
    The limit is in bytes: 349,526 Korean syllables are 1,048,578 bytes of UTF-8."""
    huge = ('{"text": "' + "가" * (MiB // 3 + 1) + '"}').encode()
    with_bodies = [op for op in ops if op.body_schema(doc) is not None]
    assert len(with_bodies) >= 20
    for op in with_bodies:
        sender = getattr(api.team, op.roles[0])
        url = op.url(path_values(op, sender, world))

        with writes_nothing(api):
            response = api.client.open(url, method=op.method.upper(), data=huge,
                                       content_type="application/json", headers=sender.auth)

        assert response.status_code == 413, (str(op), response.status_code)
        a_problem(response, 413)


def test_every_list_stops_at_500_items_a_page(api, ops, world):
    lists = [op for op in ops if op.method == "get" and op.query("limit")]
    assert len(lists) >= 4
    for op in lists:
        assert op.query("limit")["schema"]["maximum"] == 500, str(op)
        sender = getattr(api.team, op.roles[0])
        url = op.url(path_values(op, sender, world))
        query = query_for(op)
        assert api.get(url, sender, query_string={**query, "limit": 500}).status_code == 200, \
            str(op)
        response = api.get(url, sender, query_string={**query, "limit": 501})
        assert response.status_code in (400, 422), str(op)
        assert "limit" in a_problem(response, response.status_code).get("errors", {}), str(op)


def test_every_body_string_has_a_maximum_and_one_more_character_is_refused(api, doc, ops, world):
    checked = 0
    for op in ops:
        schema = op.body_schema(doc)
        if schema is None:
            continue
        sender = getattr(api.team, op.roles[0])
        url = op.url(path_values(op, sender, world))
        base = body_for(doc, op, sender, world)
        for path, maximum in string_limits(doc, schema):
            assert maximum <= 20_000, (str(op), path, maximum)
            with writes_nothing(api):
                response = send(api, op, sender, url=url,
                                body=with_value(base, path, "x" * (maximum + 1)))
            errors = a_problem(response, 422).get("errors", {})
            assert ".".join(path) in errors, (str(op), path, errors)
            checked += 1
    assert checked >= 30


def test_every_query_string_has_a_maximum_too(api, ops, world):
    for op in ops:
        if op.method != "get" or op.public:
            continue
        sender = getattr(api.team, op.roles[0])
        url = op.url(path_values(op, sender, world))
        for parameter in op.spec.get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter["in"] != "query" or schema.get("type") != "string" \
                    or "enum" in schema or "format" in schema or "pattern" in schema:
                continue
            assert "maxLength" in schema, (str(op), parameter["name"])
            response = api.get(url, sender,
                               query_string={parameter["name"]: "x" * (schema["maxLength"] + 1)})
            assert response.status_code in (400, 422), (str(op), parameter["name"])
