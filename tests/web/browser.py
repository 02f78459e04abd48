"""Debian's Chromium driven by Playwright, for the workspace's browser tests and screenshots,
and the real `casemgmt serve` each browser test module drives it against (`serving`, `Served`).

Playwright's own browser download does not work here (and is not wanted in CI): the tests use
/usr/bin/chromium from Debian's package and axe-core from npm (tests/web/package.json).
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import requests

from tests.api.live import LiveServer, running_server, staff_added
from tests.builders import an_intake
from tests.databases import drop_database, new_database

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's hosts, which a closed
# network refuses; --no-sandbox because CI runs as root.
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--lang=ko-KR"]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


class MissingTool(RuntimeError):
    """Raised when Chromium, Playwright or axe-core is not installed; says how to install it."""


def require_browser() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append("Chromium: `apt-get install -y chromium fonts-noto-cjk` "
                       f"(expected at {CHROMIUM})")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("Playwright for Python: `make install` (the dev extra of setup.cfg)")
    if missing:
        raise MissingTool("the workspace's browser tests need " + "; ".join(missing))


def require_axe() -> Path:
    if not AXE.exists():
        npm = "npm" if shutil.which("npm") else "npm (`apt-get install -y npm`)"
        raise MissingTool(f"axe-core is not installed at {AXE}: run `{npm} ci` in tests/web")
    return AXE


def launch(playwright):
    require_browser()
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)


def signed_in(chromium, served, role: str, **context):
    """A page of a fresh browser context, signed in to `served` (its `url`, and `staff`:
    role → {"token"}) as that role."""
    browser_context = chromium.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900},
                                           **context)
    browser_context.set_default_timeout(15_000)
    page = browser_context.new_page()
    page.goto(f"{served.url}/")
    page.get_by_label("API 토큰").fill(served.staff[role]["token"])
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url(f"{served.url}/")
    return page


def menu(page):
    return page.get_by_role("navigation", name="주 메뉴")


def scan(page, axe) -> list[str]:
    """The page's serious and critical axe-core violations, one line each."""
    page.add_script_tag(path=str(axe))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


# -- the server a browser test module drives ---------------------------------------------------

CLAIMS = "/api/v1/claims"
# role → (name, authority limit) of `casemgmt staff add`; a module picks the roles it needs
STAFF = {"agent": ("박지은", 30_000), "supervisor": ("이영희", 500_000),
         "auditor": ("감사원", 0), "admin": ("관리자", 0)}


@dataclass
class Served:
    """A real `casemgmt serve` and its staff (role → {"id", "token"}), arranged through the REST
    API as another client would: `call` takes a path under `root`."""
    server: LiveServer
    staff: dict[str, dict[str, str]]
    root: str = CLAIMS

    @property
    def url(self) -> str:
        return self.server.url

    def bearer(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.staff[role]['token']}"}

    def call(self, method: str, path: str, body: dict | None = None, role: str = "agent"):
        return self._answer(method, f"{self.root}{path}", body, role)

    def api(self, path: str, body: dict, role: str = "agent") -> dict:
        """A POST under /api/v1/claims."""
        return self._answer("POST", f"{CLAIMS}{path}", body, role)

    def upload(self, claim_id: str, name: str, data: bytes, role: str = "agent") -> dict:
        answer = requests.post(f"{self.url}{CLAIMS}/{claim_id}/attachments", timeout=20,
                               files={"file": (name, data)}, headers=self.bearer(role))
        assert answer.status_code == 201, answer.text
        return answer.json()

    def a_claim(self, **intake) -> str:
        """A claim filed, taken by the agent and answered once."""
        claim_id = self.api("", an_intake(**intake))["id"]
        self.api(f"/{claim_id}/assignment", {"assignee": self.staff["agent"]["id"]})
        self.api(f"/{claim_id}/responses", {"message": "확인 후 연락드리겠습니다.",
                                            "channel": "phone"})
        return claim_id

    def _answer(self, method: str, path: str, body: dict | None, role: str):
        answer = requests.request(method, f"{self.url}{path}", json=body, timeout=20,
                                  headers=self.bearer(role))
        assert answer.status_code in (200, 201), answer.text
        return answer.json()


@contextmanager
def serving(backend: str, tmp_path_factory, name: str, staff: dict[str, tuple[str, int]], *,
            root: str = CLAIMS, settings: dict[str, str] | None = None) -> Iterator[Served]:
    """`casemgmt serve` on a database of its own of `backend`, with `staff` (role → (name,
    limit)) added first; the database is dropped afterwards."""
    workdir = tmp_path_factory.mktemp(f"{name}-{backend}")
    url, schema = new_database(backend, workdir, name)
    try:
        members = staff_added(url, staff)
        with running_server(url, workdir, settings=settings) as server:
            yield Served(server, members, root)
    finally:
        drop_database(schema)


def staff_of(*roles: str) -> dict[str, tuple[str, int]]:
    return {role: STAFF[role] for role in roles}
