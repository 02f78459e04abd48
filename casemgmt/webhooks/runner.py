"""The delivery runner: turns new claim events into deliveries, and sends what is due.

Each round it (1) reads the notification log after the subscriptions' positions and stores
a delivery per subscribed event, moving the positions in the same transaction; (2) leases
the due deliveries, a claim's oldest with those behind it, and sends each claim's in order
on a pool of threads, stopping at the first failure; (3) records what came back. A crash
anywhere re-sends at worst (same delivery id); it never skips.
"""
from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

from . import payloads
from .addresses import RefusedUrl
from .backoff import RetrySchedule
from .records import Attempt, Leased, LoggedEvent, NewDelivery, Outcome
from .signing import HEADER, signature_header

log = logging.getLogger("casemgmt.webhooks")
KEEP_FINISHED = timedelta(days=30)  # delivered and failed rows, for operators to look back
PRUNE_EVERY_S = 3600
GATHER_S = 0.02


class EventLog(Protocol):
    def read(self, after: int, limit: int) -> list[LoggedEvent]: ...


class Queue(Protocol):
    def cursors(self) -> list[tuple[str, int, list[str]]]: ...
    def enqueue(self, seen: dict[str, int], rows: list[NewDelivery], upto: int,
                now: datetime) -> bool: ...
    def lease(self, now: datetime, owner: str, until: datetime, heads: int,
              chain: int) -> list[list[Leased]]: ...
    def record(self, owner: str, outcomes: list[Outcome], pause_after: int,
               now: datetime) -> list[str]: ...
    def prune(self, before: datetime) -> int: ...


class Sender(Protocol):
    def route(self, url: str): ...
    def post(self, route, body: bytes, headers: dict[str, str]) -> Attempt: ...


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class DeliveryRunner:
    def __init__(self, log_: EventLog, queue: Queue, secrets: Callable[[list[str]], dict[str, str]],
                 sender: Sender, *, timeout_s: float = 10, workers: int = 8, pause_after: int = 5,
                 schedule: RetrySchedule | None = None, clock: Callable[[], datetime] = utc_now,
                 batch: int = 500, chain: int = 20, rng: random.Random | None = None):
        self.log, self.queue, self.sender = log_, queue, sender
        self._secrets_of, self._secrets = secrets, {}
        self.schedule = schedule or RetrySchedule()
        self.clock, self.rng = clock, rng or random.Random()
        self.timeout_s, self.pause_after = timeout_s, pause_after
        self.batch, self.chain = batch, chain
        # Held long enough to send what was leased and record it; see _send_chain.
        self.lease_s = 4 * timeout_s + 5
        self.capacity = 16 * workers  # chains leased and in flight at most: big rounds, few commits
        self.owner = uuid.uuid4().hex[:12]
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="webhook")
        self._in_flight: set[Future] = set()
        self._pruned_at = 0.0
        self.tries = 0  # finished tries, recorded (for tests and benchmarks)

    # -- one round ---------------------------------------------------------------------------

    def step(self, wait_s: float = 0.0) -> int:
        """Fan out, start what is due, record what finished (waiting up to `wait_s` for it);
        returns how much happened (events read plus tries finished)."""
        read = self.fan_out()
        if len(self._in_flight) <= self.capacity // 2:  # lease in batches, not one by one
            self._start_due()
        return read + self._finish(0 if read else wait_s)

    def fan_out(self) -> int:
        cursors = self.queue.cursors()
        if not cursors:
            return 0
        events = self.log.read(min(position for _, position, _ in cursors), self.batch)
        if not events:
            return 0
        data = {e.position: payloads.event_data(e.type_name, e.fields) for e in events}
        rows = [NewDelivery(sid, e.position, e.claim_id, e.type_name, payloads.payload(
                    sid, e.position, e.type_name, e.claim_id, e.version, e.occurred_at,
                    data[e.position]))
                for sid, position, types in cursors for e in events
                if e.position > position and payloads.wanted(types, e.type_name)]
        seen = {sid: position for sid, position, _ in cursors}
        return len(events) if self.queue.enqueue(seen, rows, events[-1].position,
                                                 self.clock()) else 0

    def _start_due(self) -> None:
        room = self.capacity - len(self._in_flight)
        if room <= 0:
            return
        now = self.clock()
        owner = f"{self.owner}:{uuid.uuid4().hex[:8]}"
        chains = self.queue.lease(now, owner, now + timedelta(seconds=self.lease_s), room,
                                  self.chain)
        deadline = time.monotonic() + self.lease_s
        for chain in chains:
            self._in_flight.add(self._pool.submit(self._send_chain, owner, chain, deadline))

    def _finish(self, wait_s: float) -> int:
        if not self._in_flight:
            return 0
        done, _ = wait(self._in_flight, timeout=wait_s, return_when=FIRST_COMPLETED)
        if done and len(done) < len(self._in_flight):
            # What was sent together mostly finishes together: record it in one transaction,
            # but wait no longer than a moment for a slow endpoint.
            more, _ = wait(self._in_flight - done, timeout=GATHER_S, return_when=ALL_COMPLETED)
            done |= more
        self._in_flight -= done
        by_owner: dict[str, list[Outcome]] = {}
        for future in done:
            try:
                owner, outcomes = future.result()
            except Exception as error:  # the leases run out and the deliveries are retried
                log.error("webhook send failed: %s", type(error).__name__)
                continue
            by_owner.setdefault(owner, []).extend(outcomes)
        tried = 0
        for owner, outcomes in by_owner.items():
            for sid in self.queue.record(owner, outcomes, self.pause_after, self.clock()):
                log.warning("webhook %s paused after %d failed deliveries in a row", sid,
                            self.pause_after)
            tried += sum(o.attempt is not None for o in outcomes)
        self.tries += tried
        return tried

    # -- sending a claim's deliveries in order -------------------------------------------------

    def _send_chain(self, owner: str, chain: list[Leased],
                    deadline: float) -> tuple[str, list[Outcome]]:
        """Send a claim's leased deliveries in order, stopping at the first that fails."""
        outcomes: list[Outcome] = []
        try:
            route, refusal = self.sender.route(chain[0].url), None
        except RefusedUrl as refused:  # resolved again now: it may point inside by now
            route, refusal = None, Attempt(None, f"refused: {refused}")
        for index, delivery in enumerate(chain):
            # Start no try that could outlast the lease: the rest goes back untried.
            if time.monotonic() + self.timeout_s + 5 > deadline:
                attempt = None
            else:
                attempt = refusal or self._try(route, delivery)
            outcomes.append(self._judged(delivery, attempt))
            if attempt is None or not attempt.delivered:
                outcomes += [self._judged(rest, None) for rest in chain[index + 1:]]
                break
        return owner, outcomes

    def _try(self, route, delivery: Leased) -> Attempt:
        try:
            headers = self._headers(delivery)
        except Exception as error:  # a secret that no longer opens (the master key changed)
            return Attempt(None, f"not signed: {type(error).__name__}")
        return self.sender.post(route, delivery.payload.encode("utf-8"), headers)

    def _headers(self, delivery: Leased) -> dict[str, str]:
        secret = self._secret(delivery.subscription_id)
        body = delivery.payload.encode("utf-8")
        return {HEADER: signature_header(secret, body, int(time.time())),
                "Casemgmt-Delivery": payloads.delivery_id(delivery.subscription_id,
                                                          delivery.position)}

    def _secret(self, subscription_id: str) -> str:
        secret = self._secrets.get(subscription_id)
        if secret is None:
            secret = self._secrets_of([subscription_id])[subscription_id]
            self._secrets[subscription_id] = secret
        return secret

    def _judged(self, delivery: Leased, attempt: Attempt | None) -> Outcome:
        now = self.clock()
        if attempt is None or attempt.delivered:
            return Outcome(delivery, attempt, now, None)
        retry_at = self.schedule.next_attempt(delivery.attempts + 1,
                                              delivery.first_attempt_at or now, now, self.rng)
        return Outcome(delivery, attempt, now, retry_at)

    # -- running -----------------------------------------------------------------------------

    def run_until_idle(self, timeout_s: float = 30.0) -> None:
        """Deliver everything that is due now (tests, `casemgmt deliver --once`)."""
        give_up = time.monotonic() + timeout_s
        while time.monotonic() < give_up:
            if not self.step(wait_s=0.05) and not self._in_flight:
                return

    def run_forever(self, stop: threading.Event, interval: float = 0.2) -> None:
        while not stop.is_set():
            try:
                busy = self.step(wait_s=interval)
                self._prune_now_and_then()
            except Exception as error:  # keep running; the next round retries
                log.error("webhook round failed: %s", type(error).__name__)
                busy = 0
            if not busy and not self._in_flight:
                stop.wait(interval)
        self.close()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        if self._in_flight:
            self._finish(0)

    def _prune_now_and_then(self) -> None:
        if time.monotonic() - self._pruned_at > PRUNE_EVERY_S:
            self._pruned_at = time.monotonic()
            self.queue.prune(self.clock() - KEEP_FINISHED)
