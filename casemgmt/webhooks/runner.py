"""The delivery runner: turns new claim events into deliveries, and sends what is due.

Each round it (1) reads the notification log after the subscriptions' positions and stores
a delivery per subscribed event, moving the positions in the same transaction; (2) leases
the due deliveries, a claim's oldest with those behind it, and sends each claim's in order
(sending.py); (3) records what came back, many tries in one transaction. A crash anywhere
re-sends at worst (same delivery id); it never skips. Each subscription is sent from threads
of its own, so an endpoint that never answers holds up no other subscription.
"""
from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

from . import payloads
from .backoff import RetrySchedule
from .records import Leased, LoggedEvent, NewDelivery, Outcome
from .sending import LEASE_MARGIN_S, ChainSender, Sender

log = logging.getLogger("casemgmt.webhooks")
KEEP_FINISHED = timedelta(days=30)  # delivered and failed rows, for operators to look back
TIDY_EVERY_S = 3600
GATHER_S = 0.02  # how long to wait for the rest of what was sent together, to record it once


class EventLog(Protocol):
    def read(self, after: int, limit: int) -> list[LoggedEvent]: ...


class Queue(Protocol):
    def cursors(self) -> list[tuple[str, int, list[str]]]: ...
    def enqueue(self, seen: dict[str, int], rows: list[NewDelivery], upto: int,
                now: datetime) -> bool: ...
    def lease(self, now: datetime, owner: str, until: datetime, room: Callable[[str], int],
              chain: int) -> list[list[Leased]]: ...
    def record(self, owner: str, outcomes: list[Outcome], pause_after: int,
               now: datetime) -> list[str]: ...
    def prune(self, before: datetime) -> int: ...


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class DeliveryRunner:
    def __init__(self, log_: EventLog, queue: Queue, secrets: Callable[[list[str]], dict[str, str]],
                 sender: Sender, *, timeout_s: float = 10, workers: int = 8, pause_after: int = 5,
                 schedule: RetrySchedule | None = None, clock: Callable[[], datetime] = utc_now,
                 batch: int = 500, chain: int = 20, rng: random.Random | None = None):
        self.log, self.queue, self.clock = log_, queue, clock
        self.chains = ChainSender(sender, secrets, schedule or RetrySchedule(), clock, timeout_s,
                                  rng or random.Random())
        self.workers, self.pause_after = workers, pause_after
        self.batch, self.chain = batch, chain
        # Long enough to send a few slow tries and still record them before it runs out.
        self.lease_s = 4 * timeout_s + LEASE_MARGIN_S
        self.capacity = 16 * workers  # a subscription's chains in flight: big rounds, few commits
        self.owner = uuid.uuid4().hex[:12]
        self._pools: dict[str, ThreadPoolExecutor] = {}
        self._in_flight: dict[Future, tuple[str, str]] = {}  # → (lease owner, subscription)
        self._busy: Counter = Counter()
        self._tidied_at = time.monotonic()
        self.tries = 0  # finished tries, recorded (for tests and benchmarks)

    # -- one round ---------------------------------------------------------------------------

    def step(self, wait_s: float = 0.0) -> int:
        """Fan out, start what is due, record what finished (waiting up to `wait_s` for it);
        returns how much happened (events read plus tries finished)."""
        read = self.fan_out()
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

    def _room(self, subscription_id: str) -> int:
        busy = self._busy[subscription_id]
        return self.capacity - busy if busy <= self.capacity // 2 else 0  # lease in batches

    def _start_due(self) -> None:
        started, now = time.monotonic(), self.clock()
        owner = f"{self.owner}:{uuid.uuid4().hex[:8]}"
        chains = self.queue.lease(now, owner, now + timedelta(seconds=self.lease_s), self._room,
                                  self.chain)
        for chain in chains:
            sid = chain[0].subscription_id
            future = self._pool(sid).submit(self.chains.send, chain, started + self.lease_s)
            self._in_flight[future] = (owner, sid)
            self._busy[sid] += 1

    def _finish(self, wait_s: float) -> int:
        if not self._in_flight:
            return 0
        done, _ = wait(self._in_flight, timeout=wait_s, return_when=FIRST_COMPLETED)
        if done and len(done) < len(self._in_flight):
            more, _ = wait(set(self._in_flight) - done, timeout=GATHER_S,
                           return_when=ALL_COMPLETED)
            done |= more
        by_owner: dict[str, list[Outcome]] = defaultdict(list)
        for future in done:
            owner, sid = self._in_flight.pop(future)
            self._busy[sid] -= 1
            try:
                by_owner[owner] += future.result()
            except Exception as error:  # the leases run out and the deliveries are retried
                log.error("webhook send failed: %s", type(error).__name__)
        tried = 0
        for owner, outcomes in by_owner.items():
            for sid in self.queue.record(owner, outcomes, self.pause_after, self.clock()):
                log.warning("webhook %s paused after %d failed deliveries in a row", sid,
                            self.pause_after)
            tried += sum(o.attempt is not None for o in outcomes)
        self.tries += tried
        return tried

    def _pool(self, subscription_id: str) -> ThreadPoolExecutor:
        if subscription_id not in self._pools:
            self._pools[subscription_id] = ThreadPoolExecutor(
                self.workers, thread_name_prefix=f"webhook-{subscription_id[:8]}")
        return self._pools[subscription_id]

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
                self._tidy_now_and_then()
            except Exception as error:  # keep running; the next round retries
                log.error("webhook round failed: %s", type(error).__name__)
                busy = 0
            if not busy and not self._in_flight:
                stop.wait(interval)
        self.close()

    def close(self) -> None:
        for pool in self._pools.values():
            pool.shutdown(wait=True, cancel_futures=True)
        if self._in_flight:
            self._finish(0)

    def _tidy_now_and_then(self) -> None:
        """Forget old finished deliveries; let go of idle subscriptions' threads."""
        if time.monotonic() - self._tidied_at < TIDY_EVERY_S:
            return
        self._tidied_at = time.monotonic()
        self.queue.prune(self.clock() - KEEP_FINISHED)
        for sid in [sid for sid in self._pools if not self._busy[sid]]:
            self._pools.pop(sid).shutdown(wait=False)
