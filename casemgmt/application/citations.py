"""A decision's citation of the remedy standard, calculated for the claim it is proposed on.

The edition is the one in force on `on`, by default the day the claim was received (Asia/
Seoul): the dispute is judged by the notice in force when the customer complained, not by
the day someone happened to decide it, so a proposal and its later approval, and an auditor
recomputing either, cite the same edition. Give `on` for another day (the purchase or the
departure, when the rule's own text looks at that day).

Refusals name the request's fields (`standard.rule_id`, `standard.inputs.<name>`, `standard.on`)
and are 422 even for an unknown rule: the claim exists, the citation is what is wrong.
"""
from __future__ import annotations

from typing import Any, Mapping

from casemgmt.domain.calendar import SEOUL
from casemgmt.domain.errors import DomainError, InvalidCommand
from casemgmt.domain.remedy_standard import NotInStandard
from casemgmt.domain.standard_citation import StandardCalculation

from .remedies import RemedyStandard


def calculate_citation(standard: RemedyStandard, claim: Any,
                       citation: Mapping[str, Any]) -> StandardCalculation:
    """`citation` is {"rule_id", "inputs", "on"?} as the request gave it."""
    on = citation.get("on") or claim.received_at.astimezone(SEOUL).date()
    try:
        calculation = standard.calculate(citation.get("rule_id"), citation.get("inputs") or {},
                                         on=on)
    except NotInStandard as error:
        no_edition = error.rule == "standard.no_edition_in_force"
        raise InvalidCommand(error.rule, error.message,
                             "standard.on" if no_edition else "standard.rule_id") from None
    except InvalidCommand as error:
        raise _within_standard(error) from None
    return StandardCalculation(edition=calculation.edition.id, rule_id=calculation.rule.id,
                               inputs=dict(calculation.inputs), remedies=calculation.remedies)


def _within_standard(error: DomainError) -> InvalidCommand:
    """The calculator names `inputs.x`; in a decision the inputs live under `standard`."""
    field = f"standard.{error.field}" if error.field else "standard"
    return InvalidCommand(error.rule, error.message, field)
