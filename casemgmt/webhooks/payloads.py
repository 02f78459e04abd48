"""What a webhook carries: per claim event type, the fields allowed to leave casemgmt.

An allow-list, never a deny-list: ids, types, statuses, deadlines and amounts only. Names,
phones, e-mails, free texts and files are never listed, so they cannot leak, sealed or not.
A new event type carries no data until someone writes its line here (a test insists).
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any, Mapping

from casemgmt.domain import claim_events
from casemgmt.domain.claim import Claim

# The claim event classes nested on Claim, by the name stored in their topic.
EVENT_TYPES: tuple[str, ...] = tuple(
    name for name, cls in vars(Claim).items()
    if isinstance(cls, type) and issubclass(cls, claim_events.ClaimEvent))
ANY = "*"

_ALERT = ("deadline", "due_at")
# Source paths into the stored event; "customer.id" is sent as "customer_id".
ALLOWED: Mapping[str, tuple[str, ...]] = {
    "Filed": ("channel", "category", "customer.id", "customer.tier", "order.id",
              "order.merchant_id", "order.amount_krw", "received_at"),
    "Assigned": ("assignee",),
    "Responded": ("channel",),
    "NoteAdded": (),
    "AbuseReported": ("kind",),
    "FactCheckRequested": ("fact_check_id", "vendor_id", "vendor_kind", "due_at"),
    "FactCheckAnswered": ("fact_check_id", "finding"),
    "FactCheckCancelled": ("fact_check_id",),
    "DecisionProposed": ("decision_id", "remedy", "amount_krw", "status"),
    "DecisionApproved": ("decision_id",),
    "DecisionRejected": ("decision_id",),
    "Escalated": ("escalation_id", "agency", "agency_reference", "received_at", "stage"),
    "EscalationAdvanced": ("escalation_id", "stage", "stage_at"),
    "AgencyReplied": ("escalation_id",),
    "AgencyExtended": ("escalation_id", "days", "extended_at"),  # the reason is free text
    "EscalationConcluded": ("escalation_id", "outcome"),
    "Closed": ("resolution",),
    "Reopened": (),
    "SatisfactionRecorded": ("score", "via"),
    "FirstResponseOverdue": _ALERT,
    "FactCheckOverdue": _ALERT,
    "ResolutionOverdue": _ALERT,
    "AgencyDeadlineMissed": _ALERT,
    "AgencyDeadlineApproaching": _ALERT,
    # the file's name may be personal; its hash, type and size are not
    "AttachmentAdded": ("attachment_id", "media_type", "size", "sha256", "kind",
                        "fact_check_id", "escalation_id"),
    "VendorLinkIssued": ("fact_check_id", "link_id", "expires_at"),
    "VendorLinkRevoked": ("fact_check_id", "link_id"),
}
# Alert events say which way the deadline stands; the class knows it, not the stored fields.
ALERT_KINDS = {name: cls.kind for name, cls in claim_events.ALERTS.items()}
_DELIVERY_NAMESPACE = uuid.UUID("6f1f3c0e-8f8e-4a57-9d0c-2a1b5e0c7a11")


def delivery_id(subscription_id: str, position: int) -> str:
    """The same id on every try of one event to one subscription: receivers drop repeats by it."""
    return str(uuid.uuid5(_DELIVERY_NAMESPACE, f"{subscription_id}:{position}"))


def event_data(type_name: str, fields: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The allowed fields of a stored event (None when the stored event did not decode)."""
    if fields is None:
        return None
    data = {path.replace(".", "_"): _plain(_pick(fields, path))
            for path in ALLOWED.get(type_name, ())}
    if type_name in ALERT_KINDS:
        data["kind"] = ALERT_KINDS[type_name]
    return data


def payload(subscription_id: str, position: int, type_name: str, claim_id: str, version: int,
            occurred_at: datetime | None, data: dict[str, Any] | None) -> str:
    """The body of one delivery, as the bytes (UTF-8) that are signed and sent."""
    return json.dumps({
        "delivery_id": delivery_id(subscription_id, position), "position": position,
        "type": type_name, "claim_id": claim_id, "version": version,
        "occurred_at": occurred_at.isoformat() if occurred_at else None, "data": data,
    }, ensure_ascii=False, separators=(",", ":"))


def wanted(events: list[str], type_name: str) -> bool:
    return ANY in events or type_name in events


def unknown_types(events: list[str]) -> list[str]:
    return [name for name in events if name != ANY and name not in EVENT_TYPES]


def _pick(fields: Mapping[str, Any], path: str) -> Any:
    value: Any = fields
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # enums and the like: their value, never a repr of a container
