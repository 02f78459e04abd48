"""Reading a claim as it stood, its hash-chained history and the feed of every claim event."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from casemgmt.domain.audit_chain import verify_chain
from casemgmt.domain.claim import CLAIM_EVENT_TOPICS, Claim
from casemgmt.domain.masking import customer_as_seen_by
from casemgmt.domain.values import Actor

from .base import CaseApplication, as_uuid
from .errors import ClaimNotFound
from .integrity import intact

ENVELOPE = {"originator_id", "originator_version", "originator_topic", "timestamp", "by", "at"}


class VersionNotFound(ClaimNotFound):
    """Raised when the asked version is not one the claim has reached."""


def event_data(fields: dict[str, Any], viewer_role: str) -> dict[str, Any]:
    """An event's own fields (from its stored state, or `vars(event)`), with the customer as
    this role may see them."""
    data = {k: v for k, v in fields.items() if k not in ENVELOPE}
    if isinstance(data.get("customer"), dict):
        data["customer"] = customer_as_seen_by(viewer_role, data["customer"])
    return data


class HistoryReads(CaseApplication):
    def claim_at_version(self, claim_id: UUID | str, version: int) -> Claim:
        if version < 1:
            raise self._no_such_version(claim_id, version, self.latest_version(claim_id))
        try:
            with intact(self, self._claim_uuid(claim_id)):
                claim = self.repository.get(self._claim_uuid(claim_id), version=version)
        except AggregateNotFoundError:
            raise ClaimNotFound(str(claim_id)) from None
        if not isinstance(claim, Claim):
            raise ClaimNotFound(str(claim_id))
        if claim.version != version:  # asked past the end: the claim as it stands now
            raise self._no_such_version(claim_id, version, claim.version)
        return claim

    @staticmethod
    def _no_such_version(claim_id: UUID | str, version: int, latest: int) -> VersionNotFound:
        return VersionNotFound(f"{claim_id} at version {version} (it has 1 to {latest})")

    def customers_of(self, claim_ids: list[str]) -> dict[str, str | None]:
        """claim id → its customer's id, for the PII access log: from the data keys' rows
        (written with each filing, so a claim filed a moment ago is there), then the work
        queue (claims stored before keys were), then the claim itself; None for a claim that
        cannot be read."""
        found: dict[str, str | None] = dict(self.keys.customers_of(claim_ids))
        missing = [claim_id for claim_id in claim_ids if claim_id not in found]
        if missing:
            found.update(self.views.customer_ids(missing))
        return {claim_id: found.get(claim_id) or self._customer_of(claim_id)
                for claim_id in claim_ids}

    def _customer_of(self, claim_id: str) -> str | None:
        try:
            return self.get_claim(claim_id).customer.id
        except Exception:  # unreadable (tampered, unknown): still log that it was asked for
            return None

    def latest_version(self, claim_id: UUID | str) -> int:
        """The claim's current version, from its last stored record alone (no replay)."""
        last = self.recorder.select_events(self._claim_uuid(claim_id), desc=True, limit=1)
        if not last:
            raise ClaimNotFound(str(claim_id))
        return last[0].originator_version

    def claim_as_of(self, claim_id: UUID | str, moment: datetime) -> Claim:
        """The claim after every event that had happened by `moment` (the events' `at`): the
        version from the audit trail's index, completed from the store with the events the
        trail has not reached yet (no waiting for the views), then loaded from the nearest
        snapshot."""
        uuid = self._claim_uuid(claim_id)
        version, indexed = self.views.version_as_of(str(claim_id), moment)
        exists = indexed is not None
        with intact(self, uuid):
            for event in self.events.get(uuid, gt=indexed):  # usually none
                exists = True
                if event.at > moment:
                    break
                version = event.originator_version
        if version is None:
            if not exists:
                raise ClaimNotFound(str(claim_id))
            raise ClaimNotFound(f"{claim_id} at {moment.isoformat()} (it was filed later)")
        return self.claim_at_version(claim_id, version)

    def claim_events(self, claim_id: UUID | str) -> list:
        with intact(self, self._claim_uuid(claim_id)):
            events = list(self.events.get(self._claim_uuid(claim_id)))
        if not events:
            raise ClaimNotFound(str(claim_id))
        return events

    def claim_history(self, viewer: Actor, claim_id: str) -> dict[str, Any]:
        """Every event of the claim with its hash chain, and whether the chain still verifies
        when recomputed from the event store."""
        stored = self.recorder.select_events(self._claim_uuid(claim_id))
        if not stored:
            raise ClaimNotFound(claim_id)
        self.views.fresh_to_head()
        trail = {entry.version: entry for entry in self.views.trail(claim_id)}
        events = []
        for record in stored:
            entry = trail.get(record.originator_version)
            events.append({**self._decoded(record, viewer), "version": record.originator_version,
                           "position": entry.position if entry else None,
                           "hash": entry.hash if entry else None,
                           "prev_hash": entry.prev_hash if entry else None})
        chained = verify_chain(stored, [trail[v] for v in sorted(trail)])
        # the trail may have been rewritten with the events (or rebuilt from them): the
        # head the last anchor vouched for, kept apart from the views, decides too
        anchoring = getattr(self, "anchoring", None)  # given by the composition root
        anchored = anchoring.matches_anchor(claim_id, stored) if anchoring else None
        return {"claim_id": claim_id, "events": events, "anchored": anchored,
                "verified": chained and anchored is not False}

    def audit_feed(self, viewer: Actor, after: int, limit: int) -> list[dict[str, Any]]:
        """Claim events in commit order after `after`; resuming from the last position
        misses nothing."""
        notifications = self.recorder.select_notifications(start=after + 1, limit=limit,
                                                           topics=CLAIM_EVENT_TOPICS)
        claim_ids = [str(n.originator_id) for n in notifications]  # a UUID's str is not cheap
        self.keys.prefetch(list(set(claim_ids)), stale_only=True)
        return [{**self._decoded(n, viewer, claim_id), "claim_id": claim_id,
                 "position": n.id, "version": n.originator_version}
                for n, claim_id in zip(notifications, claim_ids)]

    def _decoded(self, record: Any, viewer: Actor, claim_id: str | None = None) -> dict[str, Any]:
        kind = record.topic.rsplit(".", 1)[-1]
        try:
            fields = self.mapper.event_state(record, claim_id)
            at = fields["at"]
        except Exception:  # tampered or undecodable bytes: show that the event exists, not its data
            return {"type": kind, "occurred_at": None, "actor": None, "data": None}
        return {"type": kind, "occurred_at": at, "actor": fields.get("by"),
                "data": event_data(fields, viewer.role)}

    @staticmethod
    def _claim_uuid(claim_id: UUID | str) -> UUID:
        try:
            return as_uuid(claim_id)
        except ValueError:
            raise ClaimNotFound(str(claim_id)) from None
