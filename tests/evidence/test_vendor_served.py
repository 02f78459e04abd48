"""The vendor's page and API on a real `casemgmt serve` (gunicorn): the page is served with a
strict CSP and no inline script, and the vendor token is nowhere in the server's log — not
even when a client puts it in a query string by mistake."""
from __future__ import annotations

import re

import pytest
import requests

from tests.api.live import SERVED_STORE, running_server
from tests.evidence.files import VENDOR, png
from tests.evidence.live_flow import a_vendor_link, an_agent

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.mark.own_store(SERVED_STORE)
def test_the_vendor_token_never_reaches_the_server_log(database_url, tmp_path):
    auth = an_agent(database_url)

    with running_server(database_url, tmp_path) as server:
        link = a_vendor_link(server, auth)
        bearer = {"Authorization": f"Bearer {link.token}"}
        page = requests.get(link.url, timeout=30)  # requests drops the fragment, as browsers do
        read = requests.get(f"{server.url}{VENDOR}/fc-1", headers=bearer, timeout=30)
        mistaken = requests.get(f"{server.url}{VENDOR}/fc-1", params={"t": link.token},
                                timeout=30)
        other = requests.get(f"{server.url}{VENDOR}/fc-2", headers=bearer, timeout=30)
        added = requests.post(f"{server.url}{VENDOR}/fc-1/attachments", headers=bearer,
                              files={"file": ("안내문.png", png("휴업 안내"))}, timeout=30)
        answered = requests.post(f"{server.url}{VENDOR}/fc-1/answer", headers=bearer,
                                 json={"finding": "confirmed", "details": "휴업했습니다"},
                                 timeout=30)
        after = requests.get(f"{server.url}{VENDOR}/fc-1", headers=bearer, timeout=30)
    log = server.log.read_text(errors="replace")  # complete once the server has stopped

    assert [r.status_code for r in (page, read, mistaken, other, added, answered, after)] == [
        200, 200, 401, 403, 201, 200, 401]
    paths = {(method, path, status) for method, _, path, status in server.requests_logged()}
    assert {("GET", f"{VENDOR}/fc-1", 200), ("POST", f"{VENDOR}/fc-1/answer", 200)} <= paths
    assert link.token not in log
    assert link.token[4:20] not in log and "cmv_" not in log


@pytest.mark.own_store(SERVED_STORE)
def test_the_page_is_served_by_the_app_under_a_strict_policy(database_url, tmp_path):
    with running_server(database_url, tmp_path) as server:
        page = requests.get(f"{server.url}/vendor", timeout=30)
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assets = [requests.get(f"{server.url}{source}", timeout=30) for source in sources]
        strays = [requests.get(f"{server.url}/vendor/assets/{name}", timeout=30)
                  for name in ("__init__.py", "index.html", "%2e%2e/__init__.py")]

    policy = page.headers["Content-Security-Policy"]
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert '<html lang="ko">' in page.text and "사실 확인 요청" in page.text
    assert "<script>" not in page.text and "style=" not in page.text  # nothing inline
    assert sorted(sources) == ["/vendor/assets/icon.svg", "/vendor/assets/vendor.css",
                               "/vendor/assets/vendor.js"]
    assert all(a.status_code == 200 and a.content for a in assets)
    assert [s.status_code for s in strays] == [404, 404, 404]  # its assets, nothing else
