"""A claim's history as readable lines, for `casemgmt replay` and anyone reading a terminal."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from casemgmt.application import Casemgmt
from casemgmt.application.errors import StaffNotFound
from casemgmt.application.history import event_data
from casemgmt.cli_output import dumps, rfc3339
from casemgmt.domain.values import Role

# An auditor sees customers masked; --show-personal-data shows them as casework roles do.
VIEWER = {True: Role.AUDITOR, False: Role.SUPERVISOR}


def timeline_lines(app: Casemgmt, claim_id: str, *, as_of: datetime | None = None,
                   masked: bool = True) -> Iterable[str]:
    names: dict[str, str] = {}
    for event in app.claim_events(claim_id):
        if as_of is not None and event.at > as_of:
            break
        actor = _name(app, names, event.by)
        data = dumps(event_data(vars(event), VIEWER[masked]))
        yield (f"v{event.originator_version:<4} {rfc3339(event.at)}  "
               f"{type(event).__name__:<20} by {actor}\n      {data}")


def print_timeline(app: Casemgmt, claim_id: str, *, as_of: datetime | None = None,
                   masked: bool = True) -> None:
    claim = app.claim_as_of(claim_id, as_of) if as_of else app.get_claim(claim_id)
    print(f"claim {claim.id}  ({claim.category}, via {claim.channel})")
    for line in timeline_lines(app, claim_id, as_of=as_of, masked=masked):
        print(line)
    print(f"status at v{claim.version}: {claim.status.value}")


def _name(app: Casemgmt, cache: dict[str, str], staff_id: str | None) -> str:
    if staff_id is None:
        return "system"
    if staff_id not in cache:
        try:
            member = app.get_staff(staff_id)
            cache[staff_id] = f"{member.name} ({member.role})"
        except StaffNotFound:
            cache[staff_id] = staff_id
    return cache[staff_id]
