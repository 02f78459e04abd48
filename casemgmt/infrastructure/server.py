"""`casemgmt serve`: the API under gunicorn, one process with threads, so the embedded
SQLite default has a single writer process and background work can share it."""
from __future__ import annotations

from gunicorn.app.base import BaseApplication

from casemgmt.config import Settings

from . import gunicorn_conf


class _Server(BaseApplication):
    def __init__(self, settings: Settings, options: dict, with_scheduler: bool):
        self.settings = settings
        self.with_scheduler = with_scheduler
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        import threading

        from casemgmt.api import create_app

        app = create_app(self.settings)
        services = app.extensions["casemgmt"]
        # The embedded default: views catch up in this process, between and after requests.
        stop = threading.Event()
        threading.Thread(target=services.projections.run_forever, args=(stop,),
                         name="projections", daemon=True).start()
        # Webhooks go out from here too; `casemgmt deliver` may run beside it (leases).
        from casemgmt.api.webhooks import webhooks

        threading.Thread(target=webhooks(app).runner().run_forever, args=(stop,),
                         name="webhooks", daemon=True).start()
        if self.with_scheduler:
            from .scheduler import start_in_background

            start_in_background(services)
        return app


def serve(settings: Settings, *, host: str, port: int, threads: int = 8,
          with_scheduler: bool = True) -> None:
    _Server(settings, {
        "bind": f"{host}:{port}",
        "workers": 1,
        "worker_class": "gthread",
        "threads": threads,
        "accesslog": gunicorn_conf.accesslog,
        "access_log_format": gunicorn_conf.access_log_format,  # no query strings: see there
        "timeout": 60,
    }, with_scheduler).run()
