"""The pieces of the crash tests: a `casemgmt serve` that can be SIGKILLed whole (master,
workers, background) and started again on its port, and writers that keep writing through the
crashes, each POST with an Idempotency-Key that its retries reuse until a definite answer.

A writer's ledger holds what it was told: every 2xx is an acknowledged write (a claim filed,
taken, or a note added), every request that got no definite answer is retried with the same
key (a retry replays the stored answer or runs the request anew) and timed until it resolves.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.api.live import REPOSITORY, casemgmt_env, free_port

CLAIMS = "/api/v1/claims"
RETRY_EVERY = 0.1
TIMEOUT = (3, 20)  # connect, read
RETRIED = frozenset({429, 503})  # no definite answer yet: the same request, the same key


class Serve:
    """`casemgmt serve` in a session of its own, so that a kill takes every process of it."""

    def __init__(self, database_url: str, workdir: Path, *, workers: int = 2,
                 settings: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "serve.log"
        self.env = {**casemgmt_env(database_url), "PYTHONUNBUFFERED": "1", **(settings or {})}
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "casemgmt", "serve", "--port", str(self.port),
                 "--workers", str(self.workers), "--no-scheduler"],
                env=self.env, cwd=REPOSITORY, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)

    def kill(self) -> None:
        """SIGKILL, no clean-up anywhere: the master, its workers, the background process."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def wait_until_answering(self, path: str, token: str, timeout: float = 60) -> float:
        """Seconds until an authenticated read of `path` answers 200."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            try:
                answer = requests.get(self.url + path, timeout=(1, 5),
                                      headers={"Authorization": f"Bearer {token}"})
                if answer.status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise AssertionError(f"no answer in {timeout}s:\n{self.log.read_text()[-3000:]}")


@dataclass
class InFlight:
    """A request that got no definite answer at first: retried with its key until it did."""

    key: str
    failed_at: float
    resolved_at: float | None = None
    statuses: list = field(default_factory=list)
    replayed: bool = False


@dataclass
class Ledger:
    filed: dict[str, str] = field(default_factory=dict)       # claim id → customer id
    taken: set[str] = field(default_factory=set)              # claim ids
    notes: dict[str, str] = field(default_factory=dict)       # note text → claim id
    sent: int = 0
    in_flight: list[InFlight] = field(default_factory=list)
    unexpected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def acknowledged(self) -> int:
        return len(self.filed) + len(self.taken) + len(self.notes)


class Writer(threading.Thread):
    def __init__(self, name: str, url: str, staff: dict[str, str], seed: int,
                 stop: threading.Event):
        super().__init__(name=name, daemon=True)
        self.url, self.staff, self.stop_event = url, staff, stop
        self.rng = random.Random(seed)
        self.ledger = Ledger()
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {staff['token']}"
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop_event.is_set():
                self.one_write()
        except BaseException as error:  # noqa: BLE001 - re-raised by the test
            self.error = error

    def one_write(self) -> None:
        waiting = [c for c in self.ledger.filed if c not in self.ledger.taken]
        if not self.ledger.taken or self.rng.random() < 0.3:
            customer = f"C-{self.name}-{len(self.ledger.filed) + 1}-{self.rng.randrange(10**6)}"
            answer = self.post(CLAIMS, a_claim(customer))
            if answer is not None and answer.status_code == 201:
                self.ledger.filed[answer.json()["id"]] = customer
        elif waiting:
            claim_id = waiting[0]
            answer = self.post(f"{CLAIMS}/{claim_id}/assignment", {"assignee": self.staff["id"]})
            if answer is not None and answer.status_code == 200:
                self.ledger.taken.add(claim_id)
        else:
            claim_id = self.rng.choice(sorted(self.ledger.taken))
            text = f"note {self.name} {uuid.uuid4().hex[:12]}"
            answer = self.post(f"{CLAIMS}/{claim_id}/notes", {"text": text})
            if answer is not None and answer.status_code == 200:
                self.ledger.notes[text] = claim_id

    def post(self, path: str, body: dict) -> requests.Response | None:
        """POST until a definite answer (or the test stops), always with the same key."""
        key = uuid.uuid4().hex
        flight: InFlight | None = None
        while True:
            self.ledger.sent += 1
            try:
                answer = self.http.post(self.url + path, json=body, timeout=TIMEOUT,
                                        headers={"Idempotency-Key": key})
            except requests.RequestException:
                answer = None
            status = answer.status_code if answer is not None else None
            if status is not None and 200 <= status < 300:
                if flight is not None:
                    flight.resolved_at = time.monotonic()
                    flight.replayed = answer.headers.get("Idempotent-Replayed") == "true"
                return answer
            if status is not None and status not in RETRIED:
                self.ledger.unexpected.append((status, answer.text[:300]))
                if status < 500 and "in-flight" not in answer.text:
                    if flight is not None:
                        flight.resolved_at = time.monotonic()
                    return answer  # refused for good: not acknowledged, not retried
            if flight is None:
                flight = InFlight(key, time.monotonic())
                self.ledger.in_flight.append(flight)
            flight.statuses.append(answer.status_code if answer is not None else "no answer")
            if self.stop_event.is_set() and time.monotonic() - flight.failed_at > 120:
                return None  # the test reports it unresolved
            time.sleep(RETRY_EVERY)


def a_claim(customer_id: str) -> dict:
    return {"channel": "phone", "category": "delivery",
            "customer": {"id": customer_id, "name": "장애복구", "phone": "010-5555-0101",
                         "tier": "regular"},
            "summary": "택배가 오지 않음", "description": "주문 후 열흘째 배송 조회가 멈춰 있음"}
