"""What every API request meets at the edge besides its operation: the client's address
behind trusted proxies, the rate limits (per token; per address for failed authentication,
the workspace's sign-in included; the vendors' own), their RateLimit-* headers, and refused
attempts in the access log.

The rate limits keep their levels where the composition root says (`Services.rate_levels`):
shared by the worker processes of `casemgmt serve`, or this process's memory.
"""
from __future__ import annotations

from flask import Flask

from .limits import EXTENSION as RATE_LIMITS, TokenBuckets, rate_limit_headers
from .proxies import trust_proxies
from .refusals import record_refusals
from .throttle import EXTENSION as UNAUTHENTICATED, unauthenticated_buckets
from .vendor_api import RATE_LIMITS as VENDOR_RATE_LIMITS


def install_guards(app: Flask) -> None:
    svc = app.extensions["casemgmt"]
    settings, levels = svc.settings, getattr(svc, "rate_levels", None)
    app.extensions[RATE_LIMITS] = TokenBuckets(settings.rate_limit_per_minute, store=levels)
    app.extensions[UNAUTHENTICATED] = unauthenticated_buckets(
        settings.unauthenticated_per_minute, levels)
    # the vendors' limits (vendor_api.py) count in the same shared table, under their own scope
    app.extensions[VENDOR_RATE_LIMITS] = TokenBuckets(
        settings.vendor_rate_limit_per_minute, store=levels, scope="vendor")
    rate_limit_headers(app)
    record_refusals(app)


def guard_the_front(app: Flask) -> None:
    """Once the workspace stands in front of the API (web.register): its sign-in throttled by
    the same buckets, and the proxies' headers read for both, outermost."""
    workspace = app.extensions.get("casemgmt.web")
    if workspace is not None:
        workspace.extensions[UNAUTHENTICATED] = app.extensions[UNAUTHENTICATED]
    trust_proxies(app, app.extensions["casemgmt"].settings.trusted_proxies)
