"""Debian's Chromium driven by Playwright, for the workspace's browser tests and screenshots.

Playwright's own browser download does not work here (and is not wanted in CI): the tests use
/usr/bin/chromium from Debian's package and axe-core from npm (tests/web/package.json).
"""
from __future__ import annotations

import shutil
from pathlib import Path

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
