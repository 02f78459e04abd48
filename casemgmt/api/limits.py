"""Request limits: a rate per token, and the body cap for bodies sent without a length.

The rate: a token bucket per bearer token. Each token may send `per_minute` requests a
minute on average and up to `burst` at once; beyond that the answer is 429 with Retry-After.
Every response to a limited request says where its bucket stands (IETF draft
"RateLimit header fields"): `RateLimit-Limit` (the burst), `RateLimit-Remaining`,
`RateLimit-Reset` (seconds until the bucket is full again) and `RateLimit-Policy`.

Where the levels live is the composition root's choice (a `LevelStore`): under
`casemgmt serve` one table in shared memory for all the worker processes of the machine
(infrastructure/rate_table.py), so N workers still allow a token its rate once, not N
times; otherwise (tests, one process) this process's memory.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from threading import Lock
from typing import Callable, Protocol

from flask import Flask, Response, current_app, g, request
from werkzeug.exceptions import RequestEntityTooLarge

from casemgmt.application.staff import hash_token

from .problems import ApiProblem

EXTENSION = "casemgmt.rate_limits"
MAX_TRACKED = 50_000  # buckets kept in memory before the idle (full) ones are forgotten
_SPENT = "rate_limit_spent"

Level = tuple[float, float]  # (tokens left, measured at)


class LevelStore(Protocol):
    """Stores bucket levels; `update` runs `change` on a key's level atomically."""

    def update(self, key: str, now: float,
               change: Callable[[Level | None], tuple[Level, float]]) -> Level: ...


class MemoryLevels:
    """Levels in this process's memory (one process; tests)."""

    def __init__(self) -> None:
        self._levels: dict[str, tuple[Level, float]] = {}  # key → (level, full again at)
        self._lock = Lock()

    def update(self, key: str, now: float,
               change: Callable[[Level | None], tuple[Level, float]]) -> Level:
        with self._lock:
            found = self._levels.get(key)
            level, full_at = change(found[0] if found else None)
            self._levels[key] = (level, full_at)
            if len(self._levels) > MAX_TRACKED:
                # A full bucket is the same as no bucket: dropping it changes nothing.
                for idle in [k for k, (_, at) in self._levels.items() if at <= now]:
                    del self._levels[idle]
            return level


@dataclass(frozen=True)
class Spent:
    """Where a bucket stands after a request: `wait` > 0 means refused for that long."""

    limit: int
    remaining: int
    reset: int
    wait: float
    policy: str

    def headers(self) -> dict[str, str]:
        return {"RateLimit-Limit": str(self.limit), "RateLimit-Remaining": str(self.remaining),
                "RateLimit-Reset": str(self.reset), "RateLimit-Policy": self.policy}

    def retry_after(self) -> str:
        return str(max(1, math.ceil(self.wait)))


class TokenBuckets:
    def __init__(self, per_minute: int, *, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic, store: LevelStore | None = None,
                 scope: str = "token"):
        self.rate = per_minute / 60.0
        self.capacity = float(burst or per_minute)
        self.clock = clock
        self.store = store or MemoryLevels()
        self.scope = scope  # keeps apart the limits that share one store
        self.policy = f"{per_minute};w=60;burst={int(self.capacity)}"

    def take(self, key: str) -> float:
        """Spend one request of `key`'s bucket: 0.0 if allowed, else seconds until allowed."""
        return self.spend(key).wait

    def spend(self, key: str, *, cost: float = 1.0) -> Spent:
        """Spend `cost` requests (0: only look) of `key`'s bucket, and say where it stands."""
        now = self.clock()
        allowed = True

        def change(found: Level | None) -> tuple[Level, float]:
            nonlocal allowed
            left = self._refilled(found, now)
            allowed = left >= max(cost, 1.0)
            if allowed:
                left -= cost
            return (left, now), now + (self.capacity - left) / self.rate

        left, _ = self.store.update(f"{self.scope}:{key}", now, change)
        wait = 0.0 if allowed else (1.0 - left) / self.rate
        return Spent(limit=int(self.capacity), remaining=max(0, math.floor(left)),
                     reset=math.ceil((self.capacity - left) / self.rate), wait=wait,
                     policy=self.policy)

    def _refilled(self, found: Level | None, now: float) -> float:
        if found is None:
            return self.capacity
        left, since = found
        return min(self.capacity, left + max(0.0, now - since) * self.rate)


def enforce_rate_limit(token: str) -> None:
    """Raise 429 with Retry-After when this token has spent its requests for now."""
    spent = current_app.extensions[EXTENSION].spend(hash_token(token))
    g.setdefault(_SPENT, spent)
    if spent.wait > 0:
        seconds = spent.retry_after()
        raise ApiProblem(429, f"Too many requests with this token; retry in {seconds} s.",
                         slug="rate-limited", headers={"Retry-After": seconds})


def remember_spent(spent: Spent) -> None:
    """Show this bucket in the response's RateLimit-* headers (the first one named wins)."""
    g.setdefault(_SPENT, spent)


def rate_limit_headers(app: Flask) -> None:
    @app.after_request
    def _headers(response: Response) -> Response:
        spent = g.pop(_SPENT, None)
        if spent is not None:
            response.headers.update(spent.headers())
        return response


def refuse_unsized_bodies_over_the_cap(app: Flask) -> None:
    """A chunked body (no Content-Length) is cut at MAX_CONTENT_LENGTH by Werkzeug, which then
    hands the view the first MiB as if it were all: refuse such a body with 413 instead.
    The cap is this request's (uploads have their own: see uploads.py)."""

    @app.before_request
    def _refuse_truncated_body():
        limit = request.max_content_length
        if request.content_length is None and request.environ.get("wsgi.input_terminated"):
            if len(request.get_data(cache=True)) >= limit:
                raise RequestEntityTooLarge()
