"""What a `casemgmt serve` worker answers with: the API, or, while the database is gone at its
boot, a stand-in that answers as the API does without one until the API can be built.

Building the API reads the database (the migrations and the data-key check). gunicorn stops
the whole server when a worker fails to boot, so a worker started while the database is down
(one restarted after a crash, or one still booting when the outage began) took every other
worker and the background process down with it, and the server stayed down after the
database came back. Now such a worker answers at once: 503 problem+json with Retry-After
(the body the API sends when the database is unreachable), /healthz 200 (the process is up)
and /readyz 503; and it tries to build the API again every RETRY_SECONDS, in a thread of its
own, so no request waits for a try.
"""
from __future__ import annotations

import json
import logging
import threading
from typing import Any, Callable, Iterable

log = logging.getLogger("casemgmt.server")
RETRY_SECONDS = 1.0
RETRY_AFTER = "2"  # as the API's own 503 (api/problems.py)
PROBLEM = {"type": "/problems/database-unavailable", "title": "Service Unavailable",
           "status": 503, "detail": "The database is busy or unreachable; retry shortly."}

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class WorkerApp:
    def __init__(self, build: Callable[[], WSGIApp], unavailable: tuple[type[Exception], ...],
                 retry_seconds: float = RETRY_SECONDS):
        self._build = build
        self._unavailable = unavailable
        self._retry = retry_seconds
        self._stop = threading.Event()
        self._error = ""
        self.api: WSGIApp | None = self._try()
        if self.api is None:
            threading.Thread(target=self._keep_trying, name="build-api", daemon=True).start()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        api = self.api
        if api is not None:
            return api(environ, start_response)
        path = environ.get("PATH_INFO", "")
        if path == "/healthz":
            return _json(start_response, "200 OK", {"status": "ok"}, "application/json")
        if path == "/readyz":
            return _json(start_response, "503 Service Unavailable", {
                "status": "not_ready", "checks": {"database": {"ok": False, "error": self._error}}},
                "application/json")
        return _json(start_response, "503 Service Unavailable", PROBLEM,
                     "application/problem+json", [("Retry-After", RETRY_AFTER)])

    def close(self) -> None:
        self._stop.set()

    def _try(self) -> WSGIApp | None:
        try:
            return self._build()
        except self._unavailable as error:  # anything else is a fault: the boot fails
            if not self._error:
                log.warning("the API could not be built, the database is unavailable (%s); "
                            "answering 503 and trying again every %ss", type(error).__name__,
                            self._retry)
            self._error = type(error).__name__
            return None

    def _keep_trying(self) -> None:
        while not self._stop.wait(self._retry):
            try:
                api = self._try()
            except Exception as error:  # a fault, not the outage: said, and tried again
                log.error("building the API failed: %s", type(error).__name__)
                continue
            if api is not None:
                self.api = api
                log.info("the API is built: the database answers again")
                return


def _json(start_response: Callable, status: str, body: dict[str, Any], content_type: str,
          headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data))),
                            *(headers or [])])
    return [data]
