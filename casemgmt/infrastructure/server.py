"""`casemgmt serve`: the API under gunicorn, one process with threads, so the embedded
SQLite default has a single writer process and background work can share it."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication

from casemgmt.config import Settings


class _Server(BaseApplication):
    def __init__(self, settings: Settings, options: dict):
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from casemgmt.api import create_app

        return create_app(self.settings)


def serve(settings: Settings, *, host: str, port: int, threads: int = 8) -> None:
    _Server(settings, {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": "-",
        # Paths and status codes only: query strings may carry customer ids.
        "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss',
        "timeout": 60,
    }).run()
