"""VoC, the authority ledger and the Surprise & Delight round (web/dashboards.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from casemgmt.api.claim_results import fresh_views
from casemgmt.api.services import services
from casemgmt.domain.values import Actor


def voc(start: datetime, end: datetime) -> dict[str, Any]:
    fresh_views()
    return services().views.voc(start, end)


def authority_ledger(month: str) -> dict[str, tuple[int, int]]:
    fresh_views()
    return services().views.ledger_of_month(month)


def authority_of(staff_id: str, month: str) -> tuple[int, int]:
    fresh_views()
    return services().views.granted_in_month(staff_id, month)


def surprise_delight_round(month: str):
    """The stored round, or the running month's provisional candidates so far."""
    return services().casemgmt.current_round(month)


def select_candidate(actor: Actor, month: str, data: dict[str, Any]) -> None:
    services().casemgmt.select_candidate(actor, month, **data)
