"""Fixtures: the backends, the databases, the clock, the composed services, the team, the API.

A test that asks for `services` (or for anything built on it: `app`, `team`, `api`) runs once
on SQLite and once on PostgreSQL (`postgres_only` tests on PostgreSQL alone). Each backend has
one database for the whole session, with the services, the Flask app and the team of seven
built on it once: tests name their own claims, customers and keys (tests/refs.py) and never
assume an empty store. A test that needs one asks for `fresh_services`; a module whose tests all
need one says so once, with the reason, and each of its tests gets an empty store of its own
(dropped after the test):

    pytestmark = pytest.mark.own_store("the dashboards sum the whole store")

(a package's conftest.py marks its items in `pytest_itemcollected`, see tests/webhooks).

A package changes a fixture by overriding it, never by copying it, e.g. tests/scheduler:

    @pytest.fixture
    def settings(settings):
        return replace(settings, token_ttl_days=3650)
"""
from __future__ import annotations

from dataclasses import replace

import pytest

from casemgmt.application.clock import FixedClock
from casemgmt.bootstrap import Services, build
from casemgmt.config import Settings
from tests.builders import NOW, Team, a_team
from tests.databases import BACKENDS, drop_database, new_database
from tests.http import Api, StatusLedger, serving, with_fresh_rate_limits
from tests.shard import pytest_collection_modifyitems  # noqa: F401  (make test's two shards)


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        on = ["postgres"] if metafunc.definition.get_closest_marker("postgres_only") else BACKENDS
        metafunc.parametrize("backend", on, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request) -> str:
    return request.param


# -- databases -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def shared_database_url(backend, tmp_path_factory):
    """The backend's database for the whole session."""
    url, schema = new_database(backend, tmp_path_factory.mktemp(f"shared-{backend}"), "shared")
    yield url
    drop_database(schema)


@pytest.fixture
def fresh_database_url(backend, tmp_path):
    """An empty database of the backend, for this test alone."""
    url, schema = new_database(backend, tmp_path, "fresh")
    yield url
    drop_database(schema)


@pytest.fixture
def database_url(request, shared_database_url) -> str:
    """The session's database; for a test marked `own_store`, an empty one of its own."""
    if request.node.get_closest_marker("own_store"):
        return request.getfixturevalue("fresh_database_url")
    return shared_database_url


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def fresh_settings(settings, fresh_database_url) -> Settings:
    """The test's settings, on an empty database of its own."""
    return replace(settings, database_url=fresh_database_url)


# -- the clock and the composed services -----------------------------------------------------

@pytest.fixture(scope="session")
def session_clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def clock(session_clock) -> FixedClock:
    """The clock every service reads, at Fri 2026-11-20 10:00 KST when the test starts."""
    session_clock.current = NOW
    return session_clock


class Composition:
    """Services, their Flask app and their team, built once per settings for the session."""

    def __init__(self, clock: FixedClock, ledger: StatusLedger):
        self.clock, self.ledger = clock, ledger
        self.services: dict[Settings, Services] = {}
        self.apps: dict[Settings, object] = {}
        self.spare_app = None  # serves each test's own store in turn
        self.teams: dict[str, Team] = {}

    def services_for(self, settings: Settings) -> Services:
        if settings not in self.services:
            self.services[settings] = build(settings, clock=self.clock)
        return self.services[settings]

    def is_shared(self, services: Services) -> bool:
        return self.services.get(services.settings) is services

    def app_for(self, services: Services):
        if not self.is_shared(services):
            self.spare_app = self.spare_app or self.ledger.serve(services)
            return serving(self.spare_app, services)
        if services.settings not in self.apps:
            self.apps[services.settings] = self.ledger.serve(services)
        return self.apps[services.settings]

    def team_for(self, services: Services) -> Team:
        if not self.is_shared(services):
            return a_team(services.casemgmt)
        url = services.settings.database_url
        if url not in self.teams:
            # Tokens valid for ten years, issued at NOW: whatever the clock does in a test,
            # the team stays signed in (each reader still applies its own settings' TTL).
            lasting = self.services_for(replace(services.settings, token_ttl_days=3650))
            self.teams[url] = a_team(lasting.casemgmt)
        return self.teams[url]

    def close(self) -> None:
        for services in self.services.values():
            services.close()


@pytest.fixture(scope="session")
def status_ledger():
    """Every status the API answered during the session; all must be documented."""
    ledger = StatusLedger()
    yield ledger
    undocumented = ledger.undocumented()
    assert not undocumented, ("statuses answered but not in /openapi.json (method, path, "
                              f"status, a test that saw it): {undocumented}")


@pytest.fixture(scope="session")
def composition(session_clock, status_ledger):
    built = Composition(session_clock, status_ledger)
    yield built
    built.close()


@pytest.fixture
def services(composition, settings, shared_database_url, clock):
    """The composed services on the test's database: on the session's database, built once
    per settings; on a database of the test's own, built for it and closed after it."""
    if settings.database_url == shared_database_url:
        yield composition.services_for(settings)
        return
    composed = build(settings, clock=clock)
    yield composed
    composed.close()


@pytest.fixture
def fresh_services(fresh_settings, clock):
    """Services on an empty database of their own, closed after the test (a module whose tests
    all need an empty store are marked `own_store` instead)."""
    composed = build(fresh_settings, clock=clock)
    yield composed
    composed.close()


@pytest.fixture
def app(services):
    """The application (the use cases) of the services."""
    return services.casemgmt


@pytest.fixture
def team(composition, services, clock) -> Team:
    """The seven, registered (with tokens) once per database."""
    return composition.team_for(services)


@pytest.fixture
def api(composition, services, team, status_ledger, request):
    """The Flask test client on the services, holding the team's tokens."""
    flask_app = composition.app_for(services)
    with_fresh_rate_limits(flask_app)
    client = Api(flask_app.test_client(), services, team)
    with status_ledger.watch(client.observed, request.node.nodeid):
        yield client
