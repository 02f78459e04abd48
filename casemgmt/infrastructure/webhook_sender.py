"""Sending a delivery: resolve the host, check every address, POST to the checked one.

The connection is pinned to the address that was checked (the Host header and TLS name stay
the URL's), so a name that resolves to a public address when checked and to 127.0.0.1 a moment
later (DNS rebinding) cannot turn a delivery into a request to the inside. Redirects are not
followed: a 3xx is a failed try like any other non-2xx answer.
"""
from __future__ import annotations

import socket
import threading
from dataclasses import dataclass
from typing import Callable

import urllib3
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout

from casemgmt.webhooks.addresses import RefusedUrl, Target, check_addresses, parse_target
from casemgmt.webhooks.records import Attempt

USER_AGENT = "casemgmt-webhooks/1"
MAX_ANSWER_BYTES = 64 * 1024  # what is read of an answer before the connection is dropped
_ERRORS = (  # short, fixed texts: an exception's message may quote the URL (and its query)
    (urllib3.exceptions.TimeoutError, "timed out"),
    (urllib3.exceptions.SSLError, "TLS handshake or certificate failed"),
    (urllib3.exceptions.NewConnectionError, "connection failed"),
    (urllib3.exceptions.ProtocolError, "connection broken"),
    (urllib3.exceptions.HTTPError, "HTTP error"),
    (OSError, "network error"),
)

Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


class AddressGuard:
    """Resolves a webhook URL's host and refuses non-public addresses (unless allowed)."""

    def __init__(self, allow_private: bool, resolver: Resolver = system_resolver):
        self.allow_private = allow_private
        self.resolver = resolver

    def check(self, url: str) -> None:
        self.route(url)

    def route(self, url: str) -> Route:
        target = parse_target(url)
        try:
            addresses = self.resolver(target.host, target.port)
        except (OSError, UnicodeError):
            raise RefusedUrl(f"the host {target.host} does not resolve") from None
        if not self.allow_private:
            check_addresses(addresses)
        if not addresses:
            raise RefusedUrl(f"the host {target.host} resolves to no address")
        return Route(target, addresses[0])


@dataclass(frozen=True)
class Route:
    target: Target
    address: str  # the checked address the connection goes to


class WebhookSender:
    def __init__(self, guard: AddressGuard, timeout_s: float, pool_size: int = 8):
        self.guard = guard
        self.timeout = Timeout(total=timeout_s)
        self.pool_size = pool_size
        self._pools: dict[tuple, HTTPConnectionPool] = {}
        self._lock = threading.Lock()

    def route(self, url: str) -> Route:
        """Resolved and checked now, at send time (the check at subscription time is old)."""
        return self.guard.route(url)

    def post(self, route: Route, body: bytes, headers: dict[str, str]) -> Attempt:
        """One try; never raises: what went wrong is in the attempt."""
        target = route.target
        try:
            answer = self._pool(route).urlopen(
                "POST", target.request_target, body=body, redirect=False, retries=False,
                assert_same_host=False, preload_content=False, timeout=self.timeout,
                headers={**headers, "Host": target.host_header, "User-Agent": USER_AGENT,
                         "Content-Type": "application/json; charset=utf-8"})
        except Exception as error:  # noqa: BLE001 - every failure is a failed try
            return Attempt(None, _error_text(error))
        try:
            answer.read(MAX_ANSWER_BYTES, decode_content=False)
            if answer.length_remaining:  # an answer we will not read: drop the connection
                answer.close()
        except Exception:  # noqa: BLE001 - the status is what counts
            answer.close()
        finally:
            answer.release_conn()
        return Attempt(answer.status)

    def close(self) -> None:
        with self._lock:
            self._close_pools()

    def _pool(self, route: Route) -> HTTPConnectionPool:
        target = route.target
        key = (target.scheme, route.address, target.port, target.host)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                if len(self._pools) > 256:  # many endpoints, or names that keep moving
                    self._close_pools()
                pool = self._new_pool(route)
                self._pools[key] = pool
            return pool

    def _close_pools(self) -> None:
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()

    def _new_pool(self, route: Route) -> HTTPConnectionPool:
        target = route.target
        common = dict(port=target.port, maxsize=self.pool_size, block=False, retries=False,
                      timeout=self.timeout)
        if target.scheme == "http":
            return HTTPConnectionPool(route.address, **common)
        return HTTPSConnectionPool(route.address, cert_reqs="CERT_REQUIRED",
                                   server_hostname=target.host, assert_hostname=target.host,
                                   **common)


def _error_text(error: Exception) -> str:
    for kind, text in _ERRORS:
        if isinstance(error, kind):
            return text
    return "request failed"
