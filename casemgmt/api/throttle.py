"""Throttling unauthenticated requests per client address (PIPA safety measures §6: repeated
failed authentication is limited).

Each failed authentication (no token, a malformed or unknown one) spends one request of the
address's bucket (`CASEMGMT_UNAUTHENTICATED_PER_MINUTE`, default 60 a minute, as a burst
too). While the bucket is empty every request from that address is answered 429 with
Retry-After *before* its token is looked up, so guessing tokens costs the database nothing
and learns nothing; other addresses are not slowed at all. The address is the client's as
the trusted proxies report it (proxies.py): behind a proxy that is not configured, every
client shares the proxy's address, and one guesser would throttle them all.
"""
from __future__ import annotations

from flask import current_app, request

from .limits import Spent, TokenBuckets, remember_spent
from .problems import ApiProblem

EXTENSION = "casemgmt.unauthenticated_limits"


def unauthenticated_buckets(per_minute: int, store=None) -> TokenBuckets:
    return TokenBuckets(per_minute, store=store, scope="address")


def address_throttled() -> Spent | None:
    """Where the address's bucket stands, when it has no failed authentication left."""
    spent = _buckets().spend(_address(), cost=0)
    return spent if spent.wait > 0 else None


def failed_authentication() -> Spent:
    """Spend one of the address's failures; `wait` > 0: answer 429, not 401."""
    spent = _buckets().spend(_address())
    remember_spent(spent)
    return spent


def refuse_a_throttled_address() -> None:
    """429 while this address has no failed authentication left to spend."""
    spent = address_throttled()
    if spent is not None:
        _refuse(spent)


def count_a_failed_authentication() -> None:
    """Spend one of the address's failures: the caller answers 401, or here 429."""
    spent = failed_authentication()
    if spent.wait > 0:
        _refuse(spent)


def _refuse(spent: Spent) -> None:
    remember_spent(spent)
    seconds = spent.retry_after()
    raise ApiProblem(429, "Too many requests without a valid token from this address; retry"
                          f" in {seconds} s.", slug="rate-limited",
                     headers={"Retry-After": seconds})


def _buckets() -> TokenBuckets:
    return current_app.extensions[EXTENSION]


def _address() -> str:
    return request.remote_addr or "unknown"
