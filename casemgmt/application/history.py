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
        current = self.get_claim(claim_id)
        if not 1 <= version <= current.version:
            raise VersionNotFound(f"claim {claim_id} has versions 1 to {current.version}")
        if version == current.version:
            return current
        return self.repository.get(_as_uuid(claim_id), version=version)

    def claim_as_of(self, claim_id: UUID | str, moment: datetime) -> Claim:
        """The claim after every event that had happened by `moment` (the events' `at`)."""
        version = None
        for stored in self.claim_events(claim_id):
            if stored.at > moment:
                break
            version = stored.originator_version
        if version is None:
            raise ClaimNotFound(f"claim {claim_id} did not exist at {moment.isoformat()}")
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
