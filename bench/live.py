"""A real `casemgmt serve` for the HTTP benchmark: started, staffed, measured from /proc."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import requests

from casemgmt.bootstrap import build
from casemgmt.config import Settings

TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class LiveServer:
    url: str
    database_url: str
    process: subprocess.Popen
    tokens: dict[str, str] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    @property
    def api(self) -> str:
        return f"{self.url}/api/v1"

    def session(self, role: str) -> requests.Session:
        session = requests.Session()  # keep-alive
        session.headers["Authorization"] = f"Bearer {self.tokens[role]}"
        return session


@contextmanager
def started(database_url: str, workers: int | None) -> Iterator[LiveServer]:
    staff = _staff(database_url)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEMGMT_")}
    env.update(CASEMGMT_DATABASE_URL=database_url, CASEMGMT_RATE_LIMIT_PER_MINUTE="1000000")
    command = [sys.executable, "-m", "casemgmt", "serve", "--port", str(port), "--no-scheduler"]
    if workers:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    server = LiveServer(f"http://127.0.0.1:{port}", database_url, process)
    for role, (staff_id, token) in staff.items():
        server.ids[role], server.tokens[role] = staff_id, token
    try:
        _wait_ready(server)
        yield server
    finally:
        process.terminate()
        process.wait(30)


def _staff(database_url: str) -> dict[str, tuple[str, str]]:
    svc = build(Settings(database_url=database_url))
    try:
        made = {}
        for role, limit in (("agent", 30_000), ("supervisor", 10_000_000), ("auditor", 0)):
            member, token = svc.casemgmt.add_staff(f"bench {role}", role, limit)
            made[role] = (str(member.id), token)
        return made
    finally:
        svc.close()


def _wait_ready(server: LiveServer, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{server.url}/readyz", timeout=2).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise RuntimeError("casemgmt serve did not become ready")


def _tree(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as children:
                pending += [int(child) for child in children.read().split()]
        except OSError:
            continue
    return found


def cpu_seconds(server: LiveServer) -> float:
    """CPU (user + system) used so far by the server's processes: arbiter, workers, background."""
    total = 0
    for pid in _tree(server.process.pid):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total / TICKS


def postgres_cpu_seconds() -> float:
    """CPU used so far by every PostgreSQL process on this machine (the bench's own load
    on it, when nothing else runs): the live ones', and through the postmaster's children
    times, that of the connections' backends that have exited."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                head, tail = stat.read().rsplit(")", 1)
            if not head.split("(", 1)[1].startswith("postgres"):
                continue
            fields = tail.split()
            total += int(fields[11]) + int(fields[12])
            with open(f"/proc/{fields[1]}/comm") as parent:
                if not parent.read().startswith("postgres"):  # the postmaster
                    total += int(fields[13]) + int(fields[14])
        except (OSError, IndexError):
            continue
    return total / TICKS


def rss_mb(server: LiveServer) -> list[float]:
    """Resident memory of each worker (the arbiter's direct children but the background)."""
    sizes = []
    for pid in _tree(server.process.pid)[1:]:
        try:
            with open(f"/proc/{pid}/cmdline") as cmdline:
                if b"multiprocessing" in cmdline.read().encode():
                    continue
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        sizes.append(round(int(line.split()[1]) / 1024, 1))
        except OSError:
            continue
    return sizes
