"""Logs as JSON lines: one object per line with time (RFC 3339, UTC), level, logger and message,
the request's id wherever a line is written while a request is handled, and the fields a
caller passes as `extra` (stdlib logging everywhere; structlog formats).

Personal data must never reach a log, and log lines are written by code we do not own
(gunicorn, psycopg_pool, APScheduler): so every line passes through two filters here. A query
string after a path is cut (`/api/v1/claims?customer_id=…` → `/api/v1/claims?…`), and an
exception is logged as its type and frames, never its message, which may quote request data.

`casemgmt serve` logs each request once, as gunicorn's access log in the same shape
(`GunicornLogger.access`), enriched by the app with the route template, the staff member and
the request id: one line per request, including those gunicorn answers itself (a request
line too long, a malformed header) that never reach the app.
"""
from __future__ import annotations

import logging
import re
import sys
import traceback
from typing import Any, TextIO

import structlog
from gunicorn.glogging import Logger as _GunicornBase

# Where the app leaves what it learnt about a request for the access line (WSGI environ keys).
REQUEST_ID = "casemgmt.request_id"
ROUTE = "casemgmt.route"
STAFF_ID = "casemgmt.staff_id"

_QUERY = re.compile(r"(/[^\s?'\"]*)\?[^\s'\"]*")
_OURS = "_casemgmt_json"


def _cut_query_strings(_logger: Any, _name: str, event: dict) -> dict:
    message = event.get("event")
    if isinstance(message, str) and "?" in message:
        event["event"] = _QUERY.sub(r"\1?…", message)
    return event


def _exception_without_message(_logger: Any, _name: str, event: dict) -> dict:
    info = event.pop("exc_info", None)
    if info is True:
        info = sys.exc_info()
    if isinstance(info, BaseException):
        info = (type(info), info, info.__traceback__)
    if info and info[0] is not None:
        frames = traceback.extract_tb(info[2])
        event["exception"] = info[0].__name__
        event["frames"] = [f"{f.filename}:{f.lineno} {f.name}" for f in frames][-12:]
    return event


_FIRST = ("time", "level", "logger", "message", "request_id")


def _in_reading_order(_logger: Any, _name: str, event: dict) -> dict:
    first = {key: event.pop(key) for key in _FIRST if key in event}
    return {**first, **event}


_SHARED = [
    structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.ExtraAdder(),
]


def json_formatter() -> logging.Formatter:
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            _cut_query_strings,
            _exception_without_message,
            structlog.processors.EventRenamer("message"),
            _in_reading_order,
            structlog.processors.JSONRenderer(ensure_ascii=False, default=str),
        ])


class _Stderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (a test's capture, a redirected stream)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


# Libraries' chatter at INFO (a pool growing, a job added) is not an operator's business.
_QUIETER = {"psycopg.pool": logging.WARNING, "apscheduler": logging.WARNING}


def configure_logging(level: int | str = logging.INFO) -> None:
    """JSON lines on stderr for this process (idempotent; other handlers, e.g. pytest's, stay)."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
    handler = _Stderr()
    handler.setFormatter(json_formatter())
    setattr(handler, _OURS, True)
    root.addHandler(handler)
    root.setLevel(level)
    for name, quieter in _QUIETER.items():
        logging.getLogger(name).setLevel(quieter)
    logging.captureWarnings(True)


_REFUSED_BY_GUNICORN = "Invalid request from ip="


class GunicornLogger(_GunicornBase):
    """gunicorn's error and access logs as our JSON lines (`logger_class` of `casemgmt serve`)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        configure_logging()
        for log in (self.error_log, self.access_log):
            for handler in list(log.handlers):
                log.removeHandler(handler)
            log.propagate = True

    def warning(self, msg: Any, *args: Any, **kwargs: Any) -> None:
        # gunicorn's "Invalid request from ip=...: <error>" quotes the refused request line,
        # which may hold anything a client typed: the address is kept, the quote is not.
        if isinstance(msg, str) and msg.startswith(_REFUSED_BY_GUNICORN):
            msg = msg.split(": ", 1)[0] + ": the request could not be parsed (not quoted)"
        super().warning(msg, *args, **kwargs)

    def access(self, resp: Any, req: Any, environ: dict, request_time: Any) -> None:
        status = resp.status_code if hasattr(resp, "status_code") else None
        if status is None:
            status = int(str(resp.status).split(None, 1)[0])
        self.access_log.info("request", extra={
            "request_id": environ.get(REQUEST_ID),
            "method": environ.get("REQUEST_METHOD") or getattr(req, "method", None),
            # A refused request's path may hold anything a client typed (a phone number where
            # a claim id goes): only a served request's path, made of real ids, is written.
            "path": environ.get("PATH_INFO") if status < 400 else None,
            "route": environ.get(ROUTE),
            "staff_id": environ.get(STAFF_ID),
            "status": status,
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "bytes": getattr(resp, "sent", None),
        })
