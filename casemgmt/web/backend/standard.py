"""The remedy standard (web/remedies.py), a decision citing it previewed before it is sent
(web/decision_standard.py), and the policy simulation (web/simulations.py)."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from casemgmt.api.services import services
from casemgmt.application.citations import calculate_citation
from casemgmt.application.errors import StaffNotFound
from casemgmt.application.remedies import Calculation, RuleInEdition
from casemgmt.application.simulations import WhatIf
from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.claim import Claim
from casemgmt.domain.remedy_standard import Edition
from casemgmt.domain.values import Actor, Category

from .claims import effective_limit
from .trials import SAMPLE
from .wiring import now


@dataclass(frozen=True)
class DecisionPreview:
    """What a proposed decision citing the standard would be, before it is sent: the standard's
    amount (edition and rule cited), the deviation, what counts against authority, the status."""

    edition: str
    rule_id: str
    kind: str
    standard_krw: int
    explanation_ko: str
    amount_krw: int
    deviation_krw: int
    counted_krw: int
    effective_limit: int
    status: str  # approved | pending_approval
    hold: str | None = None  # held beyond authority, e.g. "duplicate_compensation"


def preview_decision(actor: Actor, shown: Claim, remedy: str, amount_krw: int,
                     citation: dict[str, Any]) -> DecisionPreview:
    """The decision tried on a copy of the claim, with the citation calculated as
    ClaimUseCases.propose_decision calculates it and the order's recorded payments read as
    OrderGuard reads them (the duplicate-compensation hold): nothing is stored. Raises the
    domain's refusals naming the request's fields (``standard.inputs.<name>``,
    ``standard.rule_id``)."""
    app = services().casemgmt
    cited = calculate_citation(app.remedy_standard, shown, citation)
    order_key = app.order_approvals.key(shown.order.id) if shown.order else None
    earlier = app.order_approvals.recorded(order_key) if order_key else []
    trial = copy.deepcopy(shown)
    decision_id = trial.propose_decision(remedy, amount_krw, SAMPLE, by=actor, at=now(),
                                         policy=app.policy, standard=cited, earlier=earlier)
    made = next(d for d in trial.decisions if d.id == decision_id)
    baseline = made.standard
    return DecisionPreview(
        edition=baseline["edition"], rule_id=baseline["rule_id"], kind=baseline["kind"],
        standard_krw=baseline["amount_krw"], explanation_ko=baseline["explanation_ko"],
        amount_krw=made.amount_krw, deviation_krw=made.deviation_krw,
        counted_krw=made.counted_krw,
        effective_limit=effective_limit(actor, shown.customer.tier)[0], status=str(made.status),
        hold=made.hold)


def simulate(what_if: WhatIf) -> dict[str, Any]:
    """POST /simulations' answer for these rules: the application's PolicySimulation over the
    stored events; writes nothing. Raises NotInStandard (edition), ValueError (deadlines)."""
    report = services().simulations.run(what_if)
    return report.as_dict(what_if.start, what_if.end, [c.value for c in Category])


def tier_multipliers() -> dict[str, float]:
    return dict(services().casemgmt.policy.tier_multipliers)


def staff_exists(staff_id: str) -> bool:
    try:
        services().casemgmt.get_staff(staff_id)
    except (StaffNotFound, ValueError):
        return False
    return True


# -- the remedy standard (web/remedies.py) ----------------------------------------------------

def today() -> date:
    return now().astimezone(SEOUL).date()


def standard_editions() -> list[Edition]:
    return services().remedy_standard.editions()


def edition_in_force(on: date) -> Edition:
    return services().remedy_standard.edition_on(on)


def standard_rules(edition_id: str) -> list[RuleInEdition]:
    """Raises NotInStandard for an edition not in the tables."""
    return services().remedy_standard.rules(edition_id)


def standard_rule(edition_id: str, rule_id: str) -> RuleInEdition:
    return services().remedy_standard.rule(edition_id, rule_id)


def calculate_remedy(edition_id: str, rule_id: str, inputs: dict[str, int]) -> Calculation:
    """What the rule grants under this edition. Writes nothing. Raises NotInStandard, and
    InvalidCommand naming the input (``inputs.<name>``) for a missing or bad one."""
    return services().remedy_standard.calculate(rule_id, inputs, edition=edition_id)
