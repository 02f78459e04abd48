"""Fixtures of the workspace tests: the app of create_app on each backend, the API tests' team,
a browser-like client per staff member (its own cookies) that signs in through the form, the
PII access log's rows, and for the browser tests Chromium and axe-core (tests/web/browser.py)."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from casemgmt.api import create_app
from casemgmt.domain.values import Customer, Order
from tests.builders import Member, Team, an_intake
from tests.web.browser import MissingTool, launch, require_axe

CSRF = re.compile(r'name="csrf_token" value="([^"]*)"')
VERSION = re.compile(r'name="version" value="(\d+)"')


@dataclass
class Page:
    status: int
    html: str
    headers: Any

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")


class Desk:
    """One staff member at a browser: a cookie jar, signed in through the sign-in form."""

    def __init__(self, app, member: Member | None = None):
        self.client = app.test_client()
        self.member = member
        self.csrf = ""

    def sign_in(self, token: str | None = None) -> Page:
        form = self.get("/sign-in")
        answer = self.post("/sign-in", {"token": token or self.member.token},
                           csrf=CSRF.search(form.html).group(1))
        if answer.status == 303:
            self.csrf = CSRF.search(self.get("/").html).group(1)
        return answer

    def get(self, path: str, **kwargs) -> Page:
        return self._page(self.client.get(path, **kwargs))

    def post(self, path: str, data: dict[str, Any] | None = None, *, csrf: str | None = None,
             headers: dict[str, str] | None = None) -> Page:
        # a file is given as (bytes, name): a new stream each time, so a body can be sent again
        fields = {name: (io.BytesIO(value[0]), value[1]) if isinstance(value, tuple) else value
                  for name, value in (data or {}).items()}
        token = self.csrf if csrf is None else csrf
        if token:
            fields.setdefault("csrf_token", token)
        return self._page(self.client.post(path, data=fields, headers=headers or {}))

    def command(self, claim_id: str, path: str, data: dict[str, Any], **kwargs) -> Page:
        """A claim command as its form sends it: with the version the page was read at."""
        version = VERSION.search(self.get(f"/claims/{claim_id}").html)
        fields = {"version": version.group(1) if version else "", **data}
        return self.post(f"/claims/{claim_id}{path}", fields, **kwargs)

    @staticmethod
    def _page(response) -> Page:
        return Page(response.status_code, response.get_data(as_text=True), response.headers)


@dataclass
class Workspace:
    app: Any
    services: Any
    team: Team

    def desk(self, member: Member | None = None, *, signed_in: bool = True) -> Desk:
        desk = Desk(self.app, member)
        if member is not None and signed_in:
            assert desk.sign_in().status == 303
        return desk

    def file_claim(self, by: Member | None = None, **overrides: Any) -> str:
        """A claim filed through the application (arrangement, not under test)."""
        body = an_intake(**overrides)
        claim = self.services.casemgmt.file_claim(
            (by or self.team.agent).actor, channel=body["channel"], category=body["category"],
            customer=Customer(**body["customer"]), order=Order(**body["order"]),
            summary=body["summary"], description=body["description"])
        self.services.projections.wait_for(self.last_position())
        return str(claim.id)

    def take(self, claim_id: str, by: Member | None = None) -> None:
        agent = by or self.team.agent
        self.services.casemgmt.assign(agent.actor, claim_id, agent.id)
        self.services.projections.wait_for(self.last_position())

    def claim(self, claim_id: str):
        return self.services.casemgmt.get_claim(claim_id)

    def last_position(self) -> int:
        return self.services.casemgmt.recorder.max_notification_id() or 0

    def sessions(self) -> list[tuple]:
        with self.services.db.transaction(write=False) as cur:
            cur.execute("SELECT staff_id, token_hash, csrf_token FROM web_sessions")
            return cur.fetchall()


@pytest.fixture
def workspace(services, team):  # noqa: F811
    app = create_app(services=services)
    yield Workspace(app, services, team)


def pii_access_log(services, where: str = ""):
    """A reader of the PII access log's rows (`where` a SQL condition), oldest first."""
    def read() -> list[tuple]:
        with services.db.transaction(write=False) as cur:
            cur.execute("SELECT staff_id, staff_role, method, endpoint, claim_id, customer_id"
                        f" FROM pii_access_log {where} ORDER BY id")
            return cur.fetchall()

    return read


@pytest.fixture
def access_rows(services):
    """Every row of the PII access log: (staff id, role, method, endpoint, claim, customer)."""
    return pii_access_log(services)


@pytest.fixture
def refused_rows(services):
    """The PII access log's rows of refusals."""
    return pii_access_log(services, "WHERE outcome = 'refused'")


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright, one per test module (tests/web/browser.py)."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = launch(playwright)
            yield browser
            browser.close()
    except (MissingTool, ImportError) as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="session")
def axe() -> Path:
    """axe-core's script (tests/web/browser.py); its absence fails the test, saying how to
    install it."""
    try:
        return require_axe()
    except MissingTool as missing:
        pytest.fail(str(missing), pytrace=False)
