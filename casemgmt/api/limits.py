"""Request limits: a rate per token, and the body cap for bodies sent without a length.

The rate: a token bucket per bearer token, kept in this process's memory.
Each token may send `per_minute` requests a minute on average and up to `burst` at once;
beyond that the answer is 429 with Retry-After. The buckets live in one process: with N
worker processes a token may send up to N times the limit.
"""
from __future__ import annotations

import math
import time
from threading import Lock
from typing import Callable

from flask import Flask, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from casemgmt.application.staff import hash_token

from .problems import ApiProblem

EXTENSION = "casemgmt.rate_limits"
MAX_TRACKED = 50_000  # buckets kept before the idle (full) ones are forgotten


class TokenBuckets:
    def __init__(self, per_minute: int, *, burst: int | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.rate = per_minute / 60.0
        self.capacity = float(burst or per_minute)
        self.clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens left, as of)
        self._lock = Lock()

    def take(self, key: str) -> float:
        """Spend one request of `key`'s bucket: 0.0 if allowed, else seconds until allowed."""
        with self._lock:
            now = self.clock()
            left = self._level(key, now)
            if left >= 1.0:
                self._buckets[key] = (left - 1.0, now)
                if len(self._buckets) > MAX_TRACKED:
                    self._forget_idle(now)
                return 0.0
            self._buckets[key] = (left, now)
            return (1.0 - left) / self.rate

    def _level(self, key: str, now: float) -> float:
        left, since = self._buckets.get(key, (self.capacity, now))
        return min(self.capacity, left + (now - since) * self.rate)

    def _forget_idle(self, now: float) -> None:
        # A full bucket is the same as no bucket: dropping it changes nothing.
        for key in [k for k in self._buckets if self._level(k, now) >= self.capacity]:
            del self._buckets[key]


def enforce_rate_limit(token: str) -> None:
    """Raise 429 with Retry-After when this token has spent its requests for now."""
    wait = current_app.extensions[EXTENSION].take(hash_token(token))
    if wait > 0:
        seconds = max(1, math.ceil(wait))
        raise ApiProblem(429, f"Too many requests with this token; retry in {seconds} s.",
                         slug="rate-limited", headers={"Retry-After": str(seconds)})


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
