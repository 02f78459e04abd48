"""The published OpenAPI document: valid OpenAPI 3, and saying what the service does: the
statuses each claim operation answers, the headers it takes, and the links between operations.
(Every status a test in this package observes is checked against it as well, at teardown.)

The document does not depend on the database, so it is built once, on SQLite."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from openapi_spec_validator import validate

from casemgmt.api import create_app
from casemgmt.bootstrap import build
from casemgmt.config import Settings
from tests.api.commands import COMMANDS

COMMAND_STATUSES = {"400", "401", "403", "404", "409", "412", "413", "422"}
CLAIM = "/api/v1/claims/{claim_id}"


@pytest.fixture(scope="module")
def spec(tmp_path_factory) -> dict:
    database = tmp_path_factory.mktemp("openapi") / "casemgmt.db"
    services = build(Settings(database_url=f"sqlite:///{database}"))
    try:
        return create_app(services=services).test_client().get("/openapi.json").get_json()
    finally:
        services.close()


def test_the_document_is_valid_openapi(spec):
    validate(spec)


@pytest.mark.parametrize("command", COMMANDS, ids=str)
def test_each_command_documents_its_answers_and_headers(spec, command):
    path = CLAIM + command.path.replace("{fc}", "{fact_check_id}").replace(
        "{d}", "{decision_id}").replace("{e}", "{escalation_id}")
    operation = spec["paths"][path]["post"]

    responses = operation["responses"]
    assert {str(command.status)} | COMMAND_STATUSES <= responses.keys()
    assert "ETag" in responses[str(command.status)]["headers"]
    assert {p["name"] for p in operation["parameters"] if p["in"] == "header"} >= {
        "If-Match", "Idempotency-Key"}
    assert operation["security"] == [{"bearerAuth": []}]
    # approvals are the supervisors' alone; agents and supervisors do the rest of the casework
    roles = ["supervisor"] if command.by == "supervisor" else ["agent", "supervisor"]
    assert operation["x-roles"] == roles


@pytest.mark.parametrize("path, method, statuses", [
    ("/api/v1/claims", "post", {"201", "400", "401", "403", "413", "422"}),
    ("/api/v1/claims", "get", {"200", "400", "401", "403", "422"}),
    (CLAIM, "get", {"200", "401", "403", "404", "422"}),
    ("/api/v1/staff", "post", {"201", "400", "401", "403", "413", "422"}),
    ("/api/v1/staff/{staff_id}", "get", {"200", "401", "403", "404"}),
])
def test_intake_reads_and_staff_document_their_answers(spec, path, method, statuses):
    assert statuses <= spec["paths"][path][method]["responses"].keys()


def test_every_error_answer_is_documented_as_problem_json(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for status, response in operation.get("responses", {}).items():
                if (path, status) == ("/readyz", "503"):
                    continue  # a readiness report, not an error: the checks as JSON
                if status.startswith(("4", "5")):
                    assert "application/problem+json" in response["content"], (method, path, status)


def test_a_new_claims_id_links_to_the_operations_that_take_it(spec):
    links = spec["paths"]["/api/v1/claims"]["post"]["responses"]["201"]["links"]

    targets = {link["operationRef"] for link in links.values()}
    assert "#/paths/~1api~1v1~1claims~1%7Bclaim_id%7D/get" in targets
    assert "#/paths/~1api~1v1~1claims~1%7Bclaim_id%7D~1closure/post" in targets
    assert all(link["parameters"] == {"claim_id": "$response.body#/id"} for link in links.values())


DUMP = """
import sys, tempfile
from casemgmt.api import create_app
from casemgmt.config import Settings
app = create_app(Settings(database_url=f"sqlite:///{tempfile.mkdtemp()}/casemgmt.db"))
sys.stdout.write(app.test_client().get("/openapi.json").get_data(as_text=True))
"""


def test_the_document_is_the_same_bytes_in_every_process():
    """Clients generate code from it and diff it between releases: no ordering by hash seed."""
    documents = {subprocess.run([sys.executable, "-c", DUMP], check=True, capture_output=True,
                                text=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
                 for seed in ("1", "2", "3")}

    assert len(documents) == 1
