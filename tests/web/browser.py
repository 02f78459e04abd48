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
