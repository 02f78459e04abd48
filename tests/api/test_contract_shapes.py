"""The OpenAPI document as a client generator reads it: every operation named once, nullable
objects and enums that stay typed, one schema per enum, and no schema nobody uses.

The document does not depend on the database, so it is built once, on SQLite."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from casemgmt.api import create_app
from casemgmt.config import Settings

SCHEMA = "#/components/schemas/"
METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> dict:
    database = tmp_path_factory.mktemp("contract") / "casemgmt.db"
    app = create_app(Settings(database_url=f"sqlite:///{database}"))
    try:
        return app.test_client().get("/openapi.json").get_json()
    finally:
        app.extensions["casemgmt"].close()


def operations(spec: dict):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method in METHODS:
                yield method, path, operation


def schema(spec: dict, name: str) -> dict:
    return spec["components"]["schemas"][name]


def test_every_operation_has_its_own_readable_operation_id(spec):
    ids = {(method, path): op.get("operationId") for method, path, op in operations(spec)}

    assert all(ids.values()), [key for key, value in ids.items() if not value]
    assert [name for name, n in Counter(ids.values()).items() if n > 1] == []
    assert ids[("post", "/api/v1/claims")] == "file_claim"
    assert ids[("get", "/api/v1/claims")] == "list_claims"
    assert ids[("get", "/api/v1/claims/{claim_id}")] == "get_claim"
    assert ids[("post", "/api/v1/claims/{claim_id}/assignment")] == "assign_claim"
    assert all(name.isidentifier() and name.islower() for name in ids.values())


@pytest.mark.parametrize("owner, field, target", [
    ("ClaimOut", "order", "OrderOut"),
    ("ClaimOut", "satisfaction", "SatisfactionOut"),
    ("IntakeIn", "order", "OrderIn"),
    ("VendorFactCheckOut", "order", "VendorOrderOut"),
])
def test_a_nullable_object_refers_to_its_schema_alone(spec, owner, field, target):
    prop = schema(spec, owner)["properties"][field]

    assert prop["allOf"] == [{"$ref": SCHEMA + target}]
    assert prop["nullable"] is True
    assert "anyOf" not in prop


def test_each_domain_enum_is_one_named_schema_used_wherever_it_appears(spec):
    text = json.dumps(spec)

    assert schema(spec, "Stage") == {"type": "string", "enum": [
        "fact_inquiry", "settlement_recommended", "referred_to_mediation", "mediation_decided"]}
    stage_of_escalation = schema(spec, "EscalationIn")["properties"]["stage"]
    assert stage_of_escalation["allOf"] == [{"$ref": SCHEMA + "Stage"}]
    assert stage_of_escalation["nullable"] is True
    assert schema(spec, "StageIn")["properties"]["stage"] == {"$ref": SCHEMA + "Stage"}
    assert text.count('"settlement_recommended"') == 1   # the values are written once


@pytest.mark.parametrize("owner, field, enum", [
    ("ClaimSummaryOut", "channel", "Channel"),
    ("ClaimSummaryOut", "category", "Category"),
    ("ClaimSummaryOut", "status", "Status"),
    ("DecisionOut", "remedy", "Remedy"),
    ("FactCheckOut", "finding", "Finding"),
    ("EscalationOut", "agency", "Agency"),
    ("EscalationOut", "outcome", "Outcome"),
    ("ClaimOut", "resolution", "Resolution"),
    ("CustomerOut", "tier", "Tier"),
    ("SatisfactionOut", "via", "SatisfactionVia"),
    ("AbuseReportOut", "kind", "AbuseKind"),
    ("StaffOut", "role", "Role"),
])
def test_responses_type_their_enums(spec, owner, field, enum):
    prop = schema(spec, owner)["properties"][field]

    assert {"$ref": SCHEMA + enum} in (prop.get("allOf") or [prop])


def test_every_schema_in_components_is_used(spec):
    text = json.dumps(spec)

    unused = [name for name in spec["components"]["schemas"] if f'"{SCHEMA}{name}"' not in text]

    assert unused == []
    assert "Error" not in spec["components"]["schemas"]
    assert "PaginationMetadata" not in spec["components"]["schemas"]
