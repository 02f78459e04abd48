"""What a `casemgmt serve` worker answers with: the API, or, while the database is gone at its
boot, what the API answers without one, until the API can be built.

Building the API reads the database (the migrations and the data-key check). gunicorn stops
the whole server when a worker fails to boot, so a worker started while the database is down
(one restarted after a crash, or one still booting when the outage began) took every other
worker and the background process down with it, and the server stayed down after the
database came back. Now such a worker answers at once with `meanwhile` (api/operations.py:
/healthz 200, /readyz 503, the API's 503 problem+json with Retry-After otherwise), and tries
to build the API again every RETRY_SECONDS in a thread of its own, so no request waits for a
try.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable, Iterable

log = logging.getLogger("casemgmt.server")
RETRY_SECONDS = 1.0

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]
# environ, start_response and the name of the error the last try met
Meanwhile = Callable[[dict, Callable, str], Iterable[bytes]]


class WorkerApp:
    def __init__(self, build: Callable[[], WSGIApp], unavailable: tuple[type[Exception], ...],
                 meanwhile: Meanwhile, retry_seconds: float = RETRY_SECONDS):
        self._build = build
        self._unavailable = unavailable
        self._meanwhile = meanwhile
        self._retry = retry_seconds
        self._error = ""
        self.api: WSGIApp | None = self._try()
        if self.api is None:
            threading.Thread(target=self._keep_trying, name="build-api", daemon=True).start()

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        api = self.api
        if api is not None:
            return api(environ, start_response)
        return self._meanwhile(environ, start_response, self._error)

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
        while self.api is None:
            time.sleep(self._retry)
            try:
                self.api = self._try()
            except Exception as error:  # a fault, not the outage: said, and tried again
                log.error("building the API failed: %s", type(error).__name__)
        log.info("the API is built: the database answers again")
