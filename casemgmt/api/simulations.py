"""Policy simulation: what the claims received in a period would have looked like under another
authority policy, standard edition or deadline lengths. Reads the stored events; writes nothing.

Synchronous and bounded (SimulationIn: a quarter at most, seconds at a mid-size centre);
`casemgmt simulate` runs longer periods and prints its progress."""
from __future__ import annotations

from flask_smorest import Blueprint

from casemgmt.application.errors import StaffNotFound
from casemgmt.application.simulations import WhatIf
from casemgmt.domain.access import MAY
from casemgmt.domain.errors import InvalidCommand
from casemgmt.domain.remedy_standard import NotInStandard
from casemgmt.domain.values import Category

from .operation import operation
from .schemas.simulations import SimulationIn, SimulationOut
from .services import services

blp = Blueprint("simulations", __name__, url_prefix="/api/v1",
                description="Policy simulation over the stored events")


@blp.route("/simulations", methods=["POST"])
@operation(blp, roles=MAY["simulate"])
@blp.arguments(SimulationIn)
@blp.response(200, SimulationOut)
def simulate(data):
    """Replay the claims received from `from` to `to` (Asia/Seoul days, inclusive) under the
    rules given, against what happened: decisions needing approval, their amounts, what counted
    against authority and deadlines missed, in total and by category. Stores nothing."""
    authority = data["authority"]
    what_if = WhatIf(start=data["from_"], end=data["to"],
                     tier_multipliers=authority.get("tier_multipliers"),
                     limits=_known_staff(authority.get("limits") or {}),
                     edition=data.get("standard_edition"), deadlines=data["deadlines"])
    try:
        report = services().simulations.run(what_if)
    except NotInStandard as error:
        raise InvalidCommand(error.rule, error.message, "standard_edition") from None
    except ValueError as error:  # a deadline length DeadlinePolicy refuses
        raise InvalidCommand("simulation.deadlines", str(error), "deadlines") from None
    return report.as_dict(what_if.start, what_if.end, [c.value for c in Category])


def _known_staff(limits: dict[str, int]) -> dict[str, int]:
    for staff_id in limits:
        try:
            services().casemgmt.get_staff(staff_id)
        except StaffNotFound:
            raise InvalidCommand("simulation.unknown_staff", f"no staff member {staff_id!r}",
                                 f"authority.limits.{staff_id}") from None
    return limits
