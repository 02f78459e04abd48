"""Every workspace response carries a strict Content-Security-Policy and the framing, sniffing
and referrer headers; the pages themselves use no inline script or style, so the policy costs
them nothing."""
from __future__ import annotations

import re

import pytest

INLINE = [re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), re.compile(r"\sstyle=", re.I),
          re.compile(r"<style", re.I), re.compile(r"\son[a-z]+=", re.I),
          re.compile(r"javascript:", re.I)]


def directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.split(maxsplit=1)[1] if " " in part.strip() else ""
            for part in (p.strip() for p in policy.split(";")) if part}


@pytest.fixture
def pages(workspace):
    """Every kind of workspace response: pages of each sort, a redirect, an asset, errors."""
    claim_id = workspace.file_claim()
    anonymous = workspace.desk()
    supervisor = workspace.desk(workspace.team.supervisor)
    return {
        "sign-in": anonymous.get("/sign-in"), "redirect": anonymous.get("/"),
        "asset": anonymous.get("/assets/workspace.css"),
        "queue": supervisor.get("/"), "claim": supervisor.get(f"/claims/{claim_id}"),
        "history": supervisor.get(f"/claims/{claim_id}/history"),
        "approvals": supervisor.get("/approvals"), "intake": supervisor.get("/intake"),
        "voc": supervisor.get("/dashboards/voc"), "ledger": supervisor.get("/dashboards/authority"),
        "round": supervisor.get("/dashboards/surprise-delight"),
        "not found": supervisor.get("/claims/00000000-0000-0000-0000-000000000000"),
        "refused": supervisor.post(f"/claims/{claim_id}/notes", {"text": "x"}, csrf="x"),
    }


def test_every_workspace_response_has_a_strict_csp_and_the_frame_headers(pages):
    for name, page in pages.items():
        policy = directives(page.headers.get("Content-Security-Policy", ""))
        assert policy.get("default-src") == "'self'", name
        assert policy.get("script-src") == "'self'" and policy.get("style-src") == "'self'", name
        assert policy.get("frame-ancestors") == "'none'", name
        assert "unsafe" not in page.headers["Content-Security-Policy"], name
        assert page.headers.get("X-Frame-Options") == "DENY", name
        assert page.headers.get("X-Content-Type-Options") == "nosniff", name
        assert page.headers.get("Referrer-Policy") == "same-origin", name


def test_pages_carry_no_inline_script_or_style_and_are_not_cached(pages):
    for name, page in pages.items():
        if name == "asset":
            continue
        assert '<html lang="ko">' in page.html, name
        assert [p.pattern for p in INLINE if p.search(page.html)] == [], name
        assert page.headers.get("Cache-Control") == "no-store", name


def test_the_api_answers_what_the_workspace_does_not_know(workspace):
    desk = workspace.desk(workspace.team.agent)

    answers = [desk.get(path) for path in ("/api/v1/claims", "/static/app.js", "/admin")]

    assert [a.status for a in answers] == [401, 404, 404]
    assert all(a.headers["Content-Type"] == "application/problem+json" for a in answers)
