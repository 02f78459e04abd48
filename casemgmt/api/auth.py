"""Bearer tokens → staff member → role; each operation names the roles it admits (domain MAY)."""
from __future__ import annotations

from flask import g, request

from casemgmt.application.errors import Unauthenticated
from casemgmt.domain.values import Actor

from .services import services
from .throttle import count_a_failed_authentication, refuse_a_throttled_address


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_actor() -> Actor:
    actor = g.get("actor")
    if actor is None:
        refuse_a_throttled_address()
        try:
            actor = services().casemgmt.authenticate(bearer_token())
        except Unauthenticated:
            count_a_failed_authentication()
            raise
        g.actor = actor
    return actor
