"""The workspace on the API's composed services: its roles per operation, the clock, and
who is signed in (by token or by session)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Flask, current_app, g

from casemgmt.api.services import services
from casemgmt.application.errors import StaffNotFound
from casemgmt.application.staff import hash_token
from casemgmt.domain.evidence import VENDOR_PREFIX
from casemgmt.domain.values import Actor

ROLES_KEY = "casemgmt.web.operation_roles"
SESSIONS_KEY = "casemgmt.web.sessions"
API_APP_KEY = "casemgmt.web.api_app"


# -- wiring -----------------------------------------------------------------------------------

def share_services(api_app: Flask, workspace: Flask) -> None:
    """The workspace runs on the API's composed services, with its roles per operation."""
    svc = api_app.extensions["casemgmt"]
    workspace.extensions["casemgmt"] = svc
    workspace.extensions[SESSIONS_KEY] = svc.web_sessions
    workspace.extensions[ROLES_KEY] = _operation_roles(api_app)
    workspace.extensions[API_APP_KEY] = api_app  # its webhooks (composed once, on the API app)


def _operation_roles(api_app: Flask) -> dict[tuple[str, str], frozenset[str]]:
    """(method, path) → the roles the API admits, read from its own OpenAPI x-roles: the
    workspace admits exactly whom the API admits, and follows it when that changes."""
    api = api_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]
    return {(method.upper(), path): frozenset(operation["x-roles"])
            for path, item in api.spec.to_dict()["paths"].items()
            for method, operation in item.items()
            if isinstance(operation, dict) and "x-roles" in operation}


def admits(actor: Actor, method: str, api_path: str) -> bool:
    return actor.role.value in current_app.extensions[ROLES_KEY][(method, api_path)]


def now() -> datetime:
    return services().casemgmt.clock.now()


# -- who is signed in -------------------------------------------------------------------------

def authenticate(token: str) -> tuple[Actor, str]:
    """Sign-in: the staff member a pasted API token belongs to, and the token's hash."""
    return services().casemgmt.authenticate(token), hash_token(token)


def authenticate_session(token_hash: str) -> Actor:
    """Every request of a session: the token must still be valid (not revoked, not expired)."""
    return services().casemgmt.authenticate_token_hash(token_hash)


def sessions() -> Any:
    return current_app.extensions[SESSIONS_KEY]


def staff_name(staff_id: str | None) -> str:
    """A staff member's name for display (cached for the request); the id if unknown. A vendor
    (``vendor:<id>``, who answered through its link) is no staff member and is not looked up."""
    if not staff_id:
        return ""
    if staff_id.startswith(VENDOR_PREFIX):
        return f"업체 {staff_id.removeprefix(VENDOR_PREFIX)}"
    names = g.setdefault("staff_names", {})
    if staff_id not in names:
        try:
            names[staff_id] = services().casemgmt.get_staff(staff_id).name
        except (StaffNotFound, ValueError):
            names[staff_id] = staff_id
    return names[staff_id]


def staff_member(staff_id: str) -> dict[str, Any]:
    member = services().casemgmt.get_staff(staff_id)
    return {"id": str(member.id), "name": member.name, "role": member.role,
            "authority_limit": member.authority_limit}
