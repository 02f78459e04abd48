"""Sending one claim's leased deliveries: in order, signed, each try judged (delivered, try
again at a time the schedule gives, or given up on)."""
from __future__ import annotations

import random
import time
from datetime import datetime
from typing import Callable, Protocol

from .addresses import RefusedUrl
from .backoff import RetrySchedule
from .payloads import delivery_id
from .records import Attempt, Leased, Outcome
from .signing import HEADER, signature_header

LEASE_MARGIN_S = 5  # time kept back at the end of a lease for recording what was sent


class Sender(Protocol):
    def route(self, url: str): ...
    def post(self, route, body: bytes, headers: dict[str, str]) -> Attempt: ...


class ChainSender:
    def __init__(self, sender: Sender, secrets: Callable[[list[str]], dict[str, str]],
                 schedule: RetrySchedule, clock: Callable[[], datetime], timeout_s: float,
                 rng: random.Random):
        self.sender, self.schedule, self.clock = sender, schedule, clock
        self.timeout_s, self.rng = timeout_s, rng
        self._secrets_of, self._secrets = secrets, {}

    def send(self, chain: list[Leased], deadline: float) -> list[Outcome]:
        """Send in order, stopping at the first failure; the rest goes back untried, as does
        whatever could not be tried before the lease runs out (`deadline`, monotonic)."""
        outcomes: list[Outcome] = []
        try:
            route, refusal = self.sender.route(chain[0].url), None
        except RefusedUrl as refused:  # resolved again now: it may point inside by now
            route, refusal = None, Attempt(None, f"refused: {refused}")
        for index, delivery in enumerate(chain):
            if time.monotonic() + self.timeout_s + LEASE_MARGIN_S > deadline:
                attempt = None
            else:
                attempt = refusal or self._try(route, delivery)
            outcomes.append(self._judged(delivery, attempt))
            if attempt is None or not attempt.delivered:
                outcomes += [self._judged(rest, None) for rest in chain[index + 1:]]
                break
        return outcomes

    def _try(self, route, delivery: Leased) -> Attempt:
        body = delivery.payload.encode("utf-8")
        try:
            secret = self._secret(delivery.subscription_id)
        except Exception as error:  # a secret that no longer opens (the master key changed)
            return Attempt(None, f"not signed: {type(error).__name__}")
        return self.sender.post(route, body, {
            HEADER: signature_header(secret, body, int(time.time())),
            "Casemgmt-Delivery": delivery_id(delivery.subscription_id, delivery.position)})

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
