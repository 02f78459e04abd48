"""Bearer tokens → staff member → role; each operation names the roles it admits."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import g, request

from casemgmt.application.errors import Unauthenticated
from casemgmt.domain.values import Actor, Role

from .problems import ApiProblem
from .services import services

CASEWORK = (Role.AGENT, Role.SUPERVISOR)
READERS = (Role.AGENT, Role.SUPERVISOR, Role.AUDITOR, Role.SCHEDULER)
AUDIT = (Role.AUDITOR, Role.SUPERVISOR)


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def current_actor() -> Actor:
    actor = g.get("actor")
    if actor is None:
        actor = services().casemgmt.authenticate(bearer_token())
        g.actor = actor
    return actor


def roles(*allowed: Role) -> Callable:
    """Admit only these roles; the list is also published in the OpenAPI doc as x-roles."""
    names = [role.value for role in allowed]

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(*args, **kwargs):
            actor = current_actor()
            if actor.role not in allowed:
                raise ApiProblem(403, f"a {actor.role} may not use this operation "
                                      f"(allowed: {', '.join(names)})", slug="role-not-allowed")
            return view(*args, **kwargs)

        checked._roles = names  # read by the OpenAPI decorator in docs.py
        return checked

    return decorate


__all__ = ["AUDIT", "CASEWORK", "READERS", "Unauthenticated", "current_actor", "roles"]
