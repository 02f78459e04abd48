"""compose.yaml, checked without a Docker engine: it satisfies the Compose Specification's JSON
schema (the copy check-jsonschema ships, from the `dev` extra), and it runs what the README
promises: PostgreSQL with a volume and a health check, the API with several workers and its
runner, one clock, health checks, the webhook runner's slot."""
from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
import yaml

from tests.api.live import REPOSITORY

COMPOSE = REPOSITORY / "compose.yaml"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def compose_spec() -> dict:
    vendored = resources.files("check_jsonschema.builtin_schemas.vendor") / "compose-spec.json"
    return json.loads(vendored.read_text(encoding="utf-8"))


def test_the_compose_file_satisfies_the_compose_specification(compose, compose_spec):
    validator = jsonschema.validators.validator_for(compose_spec)(compose_spec)

    errors = sorted(validator.iter_errors(compose), key=lambda e: list(e.absolute_path))

    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def test_the_schema_check_catches_a_broken_file(compose, compose_spec):
    broken = {**compose, "services": {**compose["services"],
                                      "api": {**compose["services"]["api"], "ports": "8080"}}}

    assert not jsonschema.validators.validator_for(compose_spec)(compose_spec).is_valid(broken)


def test_postgres_keeps_its_data_in_a_named_volume_and_reports_health(compose):
    db = compose["services"]["db"]

    assert "pgdata" in compose["volumes"]
    assert any(v.startswith("pgdata:") for v in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_the_api_serves_with_several_workers_and_leaves_the_clock_to_one_clock(compose):
    services = compose["services"]
    api, clock = services["api"]["command"], services["clock"]["command"]

    assert api[:2] == ["casemgmt", "serve"] and "--no-scheduler" in api
    assert api[api.index("--workers") + 1] != "1"
    assert clock[:2] == ["casemgmt", "scheduler"]
    always_on = [name for name, s in services.items() if "profiles" not in s]
    assert sorted(always_on) == ["api", "clock", "db"]


def test_every_casemgmt_service_waits_for_a_healthy_database_and_has_the_key(compose):
    casemgmt = {n: s for n, s in compose["services"].items() if n != "db"}

    for name, service in casemgmt.items():
        assert service["depends_on"]["db"]["condition"] == "service_healthy", name
        assert "CASEMGMT_CIPHER_KEY" in service["environment"], name
    assert all("healthcheck" in casemgmt[name] for name in ("api", "clock"))
    assert "/readyz" in " ".join(casemgmt["api"]["healthcheck"]["test"])


def test_the_webhook_runner_has_a_slot_behind_a_profile(compose):
    deliver = compose["services"]["deliver"]

    assert deliver["command"] == ["casemgmt", "deliver"] and deliver["profiles"] == ["webhooks"]


def test_the_image_runs_the_whole_service_by_default():
    dockerfile = (REPOSITORY / "Dockerfile").read_text()
    entrypoint = (REPOSITORY / "docker-entrypoint.sh").read_text()

    assert 'CMD ["casemgmt", "serve", "--host", "0.0.0.0", "--port", "8080"]' in dockerfile
    assert "--no-scheduler" not in dockerfile
    assert 'exec "$@"' in entrypoint
