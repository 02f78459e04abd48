"""A real HTTP receiver on 127.0.0.1 for webhook tests: it records what arrives and answers
as the test scripts it (a status, a delay, or no answer at all)."""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from casemgmt.webhooks.signing import HEADER

# (path, delivery id, how many times this delivery id arrived so far) -> (status, delay in s)
Script = Callable[[str, str, int], tuple[int, float]]
NO_ANSWER = -1  # hold the request until the receiver stops: the sender must time out


@dataclass(frozen=True)
class Received:
    path: str
    body: bytes
    signature: str
    host: str
    arrived_at: float  # time.time()

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    script: Script = lambda path, delivery, seen: (200, 0.0)
    received: list[Received] = field(default_factory=list)
    overlaps: list[str] = field(default_factory=list)  # a delivery id tried twice at once
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._arrivals: Counter = Counter()
        self._in_flight: Counter = Counter()
        self.stopping = threading.Event()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def on(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == path]

    def payloads(self, path: str = "/hook") -> list[dict]:
        return [r.payload for r in self.on(path)]

    def answer(self, path: str, body: bytes, signature: str, host: str) -> tuple[int, float]:
        delivery = json.loads(body)["delivery_id"]
        with self._lock:
            self.received.append(Received(path, body, signature, host, time.time()))
            self._arrivals[delivery] += 1
            self._in_flight[delivery] += 1
            if self._in_flight[delivery] > 1:
                self.overlaps.append(delivery)
            seen = self._arrivals[delivery]
        return self.script(path, delivery, seen)

    def done(self, body: bytes) -> None:
        with self._lock:
            self._in_flight[json.loads(body)["delivery_id"]] -= 1


def start(receiver: Receiver) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real receivers do

        def do_POST(self):  # noqa: N802 - the http.server naming
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, delay = receiver.answer(self.path, body, self.headers.get(HEADER, ""),
                                            self.headers.get("Host", ""))
            try:
                if status == NO_ANSWER:
                    receiver.stopping.wait(30)
                    return
                if delay:
                    time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            finally:
                receiver.done(body)

        def log_message(self, *args):  # quiet
            pass

    class Server(ThreadingHTTPServer):
        # Many senders connect at once; with the default backlog of 5 a refused SYN is retried
        # a second later, the sender times out after the receiver took the request, and the
        # retry is a repeat that a test counting arrivals would take for a bug.
        request_queue_size = 128

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.handle_error = lambda request, address: None  # a killed sender resets its connection
    receiver.port = server.server_port
    threading.Thread(target=server.serve_forever, name="receiver", daemon=True).start()
    return server


def stop(receiver: Receiver, server: ThreadingHTTPServer) -> None:
    receiver.stopping.set()
    server.shutdown()
    server.server_close()
