"""A real `casemgmt serve` process on a test database, for racing requests and fuzzing."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import requests

REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class LiveServer:
    url: str
    database_url: str
    log: Path
    pid: int = 0  # the serve process (gunicorn's master)

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def requests_logged(self) -> set[tuple[str, str | None, str | None, int]]:
        """(method, route template, path, status) of each access line of the server's JSON
        log (the path only for answers below 400); complete once the server has stopped."""
        lines = [json.loads(text) for text in self.log.read_text(errors="replace").splitlines()
                 if text.startswith("{")]
        return {(line["method"], line["route"], line["path"], line["status"])
                for line in lines if line.get("logger") == "gunicorn.access"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def casemgmt_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEMGMT_")}
    env["CASEMGMT_DATABASE_URL"] = database_url
    return env


# A test serving the store over HTTP: @pytest.mark.own_store(SERVED_STORE).
SERVED_STORE = ("A served store with no backlog: on the session's store the server's background"
                " first projects what every other test wrote, and its reads wait for that.")


def staff_added(database_url: str,
                people: dict[str, tuple[str, int]]) -> dict[str, dict[str, str]]:
    """role → {"id", "token"} of staff members added in this process, with the settings
    `casemgmt staff add` would read from the same environment: one composition for all, where
    a process each cost about a second apiece (tests/ops/test_cli.py runs the command)."""
    from casemgmt.bootstrap import build
    from casemgmt.config import Settings

    services = build(Settings.from_env(casemgmt_env(database_url)))
    try:
        added = {}
        for role, (name, limit) in people.items():
            member, token = services.casemgmt.add_staff(name, role, limit)
            added[role] = {"id": str(member.id), "token": token}
        return added
    finally:
        services.close()


def staff_add(database_url: str, name: str, role: str, limit: int = 0) -> dict[str, str]:
    """`casemgmt staff add`, as an operator runs it: returns {"id", "token"}."""
    done = subprocess.run(
        [sys.executable, "-m", "casemgmt", "staff", "add", "--name", name, "--role", role,
         "--authority-limit", str(limit)],
        env=casemgmt_env(database_url), cwd=REPOSITORY, capture_output=True, text=True,
        timeout=60)
    assert done.returncode == 0, f"staff add exited {done.returncode}: {done.stderr}"
    return json.loads(done.stdout)


def running_server(database_url: str, workdir: Path, *, timeout: float = 60,
                   settings: dict[str, str] | None = None,
                   workers: int | None = None):
    """Start `python -m casemgmt serve` (no scheduler), wait for /healthz, stop it afterwards."""
    extra = ["--workers", str(workers)] if workers else []
    return serving(database_url, workdir, "--no-scheduler", *extra, timeout=timeout,
                   settings=settings)


@contextmanager
def serving(database_url: str, workdir: Path, *args: str, timeout: float = 60,
            settings: dict[str, str] | None = None,
            stop_within: float = 15) -> Iterator[LiveServer]:
    """`python -m casemgmt serve` with `args` on a free port, its output in a log of `workdir`:
    up once /healthz answers, terminated afterwards (killed if not gone in `stop_within`s)."""
    port = free_port()
    log = workdir / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "casemgmt", "serve", "--port", str(port), *args],
            env={**casemgmt_env(database_url), **(settings or {})}, cwd=REPOSITORY, stdout=out,
            stderr=subprocess.STDOUT)
    server = LiveServer(f"http://127.0.0.1:{port}", database_url, log, process.pid)
    failure = None
    try:
        _wait_until_healthy(server, process, timeout)
        yield server
    except Exception as raised:
        failure = raised
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=stop_within)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if failure is not None:  # e.g. a reset connection: what the server said meanwhile
            failure.add_note(f"casemgmt serve's log ({log}):\n{server.log_tail()}")


def _wait_until_healthy(server: LiveServer, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"casemgmt serve exited with {process.returncode}:\n"
                               f"{server.log_tail()}")
        try:
            if requests.get(f"{server.url}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still loading
            pass
        time.sleep(0.1)
    raise RuntimeError(f"casemgmt serve did not answer /healthz in {timeout}s:\n"
                       f"{server.log_tail()}")
