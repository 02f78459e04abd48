"""A decision as clients see it: its facts, the remedy standard it cites, the deviation from
it, what counted against authority, and the delay interest a late refund owes."""
from __future__ import annotations

from typing import Any

from casemgmt.domain.delay_interest import decision_delay_interest


def decision(claim: Any, part: Any, view: Any) -> dict[str, Any]:
    body = vars(part).copy()
    body.update(
        deviation_krw=part.deviation_krw, counted_krw=part.counted_krw,
        delay_interest_krw=decision_delay_interest(claim, part, view.now, view.policy,
                                                   view.calendar))
    return body
