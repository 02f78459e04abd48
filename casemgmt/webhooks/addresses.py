"""Where a webhook may be sent: http(s) URLs whose host resolves to public addresses only.

The decision is made on the resolved addresses, never on the host name: a name can point
anywhere, and 2130706433, 0x7f.1 or ::ffff:127.0.0.1 are all loopback. Only globally routable
unicast addresses pass (an allow-list); addresses embedding an IPv4 one (mapped, 6to4,
NAT64, Teredo) are judged by the IPv4 address they carry.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlsplit

SCHEMES = {"http": 80, "https": 443}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedUrl(ValueError):
    """Raised when a webhook URL or the address it resolves to may not be called."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str            # as written, lower case, without brackets
    port: int
    request_target: str  # path and query, as sent on the request line

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == SCHEMES[self.scheme] else f"{host}:{self.port}"


def parse_target(url: str) -> Target:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RefusedUrl("the URL does not parse") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise RefusedUrl("only http and https URLs are called")
    if not parts.hostname:
        raise RefusedUrl("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise RefusedUrl("credentials do not belong in the URL; deliveries are signed instead")
    path = parts.path or "/"
    return Target(scheme=scheme, host=parts.hostname, port=port or SCHEMES[scheme],
                  request_target=path + (f"?{parts.query}" if parts.query else ""))


def refusal(address: str) -> str | None:
    """Why this address may not be called, or None when it is a public unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        return refusal(str(embedded))
    if ip.is_multicast:
        return f"{ip} is a multicast address"
    if ip.is_loopback:
        return f"{ip} is a loopback address"
    if ip.is_link_local:
        return f"{ip} is a link-local address"
    if ip.is_unspecified:
        return f"{ip} is the unspecified address"
    if ip.is_private or ip.is_reserved or not ip.is_global:
        return f"{ip} is a private or reserved address"
    return None


def check_addresses(addresses: Iterable[str]) -> None:
    """Refuse unless every address is public (one private answer among public ones is enough
    to refuse: the connection could land on it)."""
    found = list(addresses)
    if not found:
        raise RefusedUrl("the host resolves to no address")
    for address in found:
        reason = refusal(address)
        if reason:
            raise RefusedUrl(reason)


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if ip.version != 6:
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return None
