"""JSON transcodings for the domain's dataclasses, so snapshots can hold a claim's parts."""
from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from casemgmt.domain import alerts, evidence, parts, surprise_delight, values

SNAPSHOT_DATACLASSES = (
    values.Customer, values.Order, parts.FactCheck, parts.Decision, parts.Escalation,
    parts.StageChange, parts.AgencyReply, parts.Satisfaction, parts.AbuseReport, parts.Note,
    parts.Response, alerts.DeadlineAlert, surprise_delight.Candidate,
    surprise_delight.Selection, evidence.Attachment, evidence.VendorLink,
    parts.ReliefExtension,
)


class DataclassAsDict(Transcoding):
    def __init__(self, cls: type):
        assert is_dataclass(cls)
        self.type = cls
        self.name = f"casemgmt.{cls.__name__}"

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**data)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    for cls in SNAPSHOT_DATACLASSES:
        transcoder.register(DataclassAsDict(cls))
