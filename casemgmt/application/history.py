"""Reading a claim as it stood at a version or a moment, and its stored events, for auditors."""
from __future__ import annotations

from datetime import datetime
from uuid import UUID

from casemgmt.domain.claim import Claim

from .base import CaseApplication, _as_uuid
from .errors import ClaimNotFound


class VersionNotFound(ClaimNotFound):
    """Raised when the asked version is not one the claim has reached."""


class HistoryReads(CaseApplication):
    def claim_at_version(self, claim_id: UUID | str, version: int) -> Claim:
        latest = self.latest_version(claim_id)
        if not 1 <= version <= latest:
            raise VersionNotFound(f"{claim_id} at version {version} (it has 1 to {latest})")
        claim = self.repository.get(self._claim_uuid(claim_id), version=version)
        if not isinstance(claim, Claim):
            raise ClaimNotFound(str(claim_id))
        return claim

    def latest_version(self, claim_id: UUID | str) -> int:
        """The claim's current version, from its last stored record alone (no replay)."""
        last = self.recorder.select_events(self._claim_uuid(claim_id), desc=True, limit=1)
        if not last:
            raise ClaimNotFound(str(claim_id))
        return last[0].originator_version

    def claim_as_of(self, claim_id: UUID | str, moment: datetime) -> Claim:
        """The claim after every event that had happened by `moment` (the events' `at`)."""
        version = None
        for stored in self.claim_events(claim_id):
            if stored.at > moment:
                break
            version = stored.originator_version
        if version is None:
            raise ClaimNotFound(f"{claim_id} at {moment.isoformat()} (it was filed later)")
        return self.claim_at_version(claim_id, version)

    def claim_events(self, claim_id: UUID | str) -> list:
        events = list(self.events.get(self._claim_uuid(claim_id)))
        if not events:
            raise ClaimNotFound(str(claim_id))
        return events

    @staticmethod
    def _claim_uuid(claim_id: UUID | str) -> UUID:
        try:
            return _as_uuid(claim_id)
        except ValueError:
            raise ClaimNotFound(str(claim_id)) from None
