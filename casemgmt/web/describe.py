"""An event's data as (label, text) lines in Korean, for the timeline and the history."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Callable

from .formatting import file_size, when, won
from .labels import LABELS, VALUE_KINDS, ko

HIDDEN = {"fact_check_id", "decision_id", "escalation_id", "selection_id"}  # shown in the title


def describe(data: dict[str, Any] | None, staff: Callable[[str], str]) -> list[tuple[str, str]]:
    if not data:
        return []
    lines = []
    for key, value in data.items():
        if key in HIDDEN or value in (None, "", [], {}):
            continue
        lines.append((LABELS["field"].get(key, key), _text(key, value, staff)))
    return lines


def _text(key: str, value: Any, staff: Callable[[str], str]) -> str:
    if key == "assignee":
        return staff(value)
    if key.endswith("amount_krw") and isinstance(value, int):
        return won(value)
    if key == "size" and isinstance(value, int):
        return file_size(value)
    if isinstance(value, datetime):
        return when(value)
    if isinstance(value, dict):
        return " · ".join(f"{LABELS['field'].get(k, k)} {_text(k, v, staff)}"
                          for k, v in value.items() if v not in (None, "", [], {}))
    if isinstance(value, list):
        kind = "vulnerable" if key == "vulnerable" else VALUE_KINDS.get(key, "")
        return ", ".join(_text(key, v, staff) if isinstance(v, dict) else ko(v, kind)
                         for v in value)  # a dict: an earlier payment a hold cites
    if key in VALUE_KINDS:
        return ko(value, VALUE_KINDS[key])
    return str(value)


def part_of(data: dict[str, Any] | None) -> str:
    """The part an event concerns (fc-1, d-2, e-1), for the timeline's title."""
    if not data:
        return ""
    return next((str(data[k]) for k in ("fact_check_id", "decision_id", "escalation_id")
                 if data.get(k)), "")
