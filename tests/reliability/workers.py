"""Keep-alive connections to a real server, and which of its worker processes holds each one
(read from the operating system's socket table), so a test can send requests to every worker
and know who answered."""
from __future__ import annotations

import http.client
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psutil


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    worker: int


@dataclass
class Connection:
    url: str
    server_pid: int
    worker: int = 0
    answers: list[Answer] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        self.port = parts.port
        self._http = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        try:
            response = self._send(path, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # the worker closed it after its keep-alive timeout: again, on a new one
            self._http.close()
            response = self._send(path, headers)
            self.worker = worker_holding(self.server_pid, [self]).get(self.local_port, 0)
        answer = Answer(response.status, dict(response.getheaders()), self.worker)
        self.answers.append(answer)
        return answer

    def _send(self, path: str, headers: dict[str, str] | None) -> http.client.HTTPResponse:
        self._http.request("GET", path, headers=headers or {})
        response = self._http.getresponse()
        response.read()
        return response

    @property
    def local_port(self) -> int:
        return self._http.sock.getsockname()[1]

    def close(self) -> None:
        self._http.close()


def connections_to_every_worker(url: str, server_pid: int, workers: int, *, per_round: int = 8,
                                rounds: int = 40) -> list[Connection]:
    """Connections (kept alive), opened at the same moment so that every worker accepts some,
    with each one's worker known; tried again until every worker holds at least two (a
    worker still loading the app accepts none: /healthz answers as soon as one is ready)."""
    for attempt in range(rounds):
        if attempt:
            time.sleep(0.25)
        opened = [Connection(url, server_pid) for _ in range(per_round)]
        with ThreadPoolExecutor(per_round) as pool:
            list(pool.map(lambda c: c.get("/healthz"), opened))  # connects; not limited
        owners = worker_holding(server_pid, opened)
        for connection in opened:
            connection.worker = owners.get(connection.local_port, 0)
        held = Counter(c.worker for c in opened if c.worker)
        if len(held) >= workers and min(held.values()) >= 2:
            return opened
        for connection in opened:
            connection.close()
    raise AssertionError(f"{rounds} rounds of {per_round} connections did not reach {workers}"
                         " workers")


def worker_holding(server_pid: int, connections: list[Connection]) -> dict[int, int]:
    """{client port: pid of the worker process whose socket is connected to it}."""
    ports = {c.local_port for c in connections}
    server_port = connections[0].port
    owners = {}
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            sockets = child.net_connections(kind="tcp")
        except psutil.NoSuchProcess:
            continue
        for sock in sockets:
            if sock.laddr and sock.laddr.port == server_port and sock.raddr \
                    and sock.raddr.port in ports:
                owners[sock.raddr.port] = child.pid
    return owners
