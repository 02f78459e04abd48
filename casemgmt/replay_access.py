"""`casemgmt replay --show-personal-data --by STAFF_ID`: who reads a claim's personal data at
the terminal is written to the PII access log first, as the API does for its responses.

The reader is named by `--by`, a staff member, not taken from the OS user: the log's rows name
a staff member and role (auditors search it by staff id), an OS account is often shared
(`root`, a container's user) and has no role to check. The member must hold a role that reads
claim histories unmasked (supervisor). The OS user and host are kept in the row's address
column (`cli:user@host`), where a request's client address goes.
"""
from __future__ import annotations

import getpass
import socket
import uuid

from casemgmt.application.ports import Access
from casemgmt.domain.access import MAY, SEES_MASKED

METHOD = "CLI"
ENDPOINT = "casemgmt replay --show-personal-data"


class ReplayRefused(Exception):
    """The member named by --by may not read this claim's personal data."""


def record_replay(services, claim_id: str, staff_id: str) -> None:
    """Write the access row (raise before anything is shown if it cannot be written)."""
    app = services.casemgmt
    reader = app.get_staff(staff_id).as_actor()
    role = reader.role
    if role not in MAY["read_audit"] or role in SEES_MASKED:
        raise ReplayRefused(f"{role.value} may not read a claim's history unmasked")
    claim = app.get_claim(claim_id)
    services.access_log.append([Access(
        accessed_at=app.clock.now(), staff_id=str(reader.id), staff_role=role.value,
        method=METHOD, endpoint=ENDPOINT, claim_id=str(claim.id), customer_id=claim.customer.id,
        request_id=uuid.uuid4().hex, client_ip=f"cli:{_os_user()}@{socket.gethostname()}")])


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no name for this uid (a container's user)
        return "unknown"
