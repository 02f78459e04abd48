"""The event-sourced application: storage, snapshots, loading and saving with version checks."""
from __future__ import annotations

from typing import Any, Callable, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from casemgmt.config import Settings
from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.claim import Claim
from casemgmt.infrastructure.transcodings import register_domain_transcodings

from .clock import Clock, SystemClock
from .errors import ClaimNotFound, ConcurrentWrite, StaleVersion

T = TypeVar("T")


class CaseApplication(Application):
    name = "casemgmt"
    snapshotting_intervals = {Claim: 50}

    def __init__(self, settings: Settings | None = None, *, clock: Clock | None = None,
                 policy: AuthorityPolicy | None = None):
        self.settings = settings or Settings.from_env()
        self.clock = clock or SystemClock()
        self.policy = policy or AuthorityPolicy()
        self.snapshotting_intervals = {Claim: self.settings.snapshot_interval}
        super().__init__(env=self.settings.eventsourcing_env())

    def construct_env(self, name: str, env=None):
        # Our settings are the whole truth: os.environ must not smuggle in library settings
        # (the base class would let any POSTGRES_* variable of the shell override them).
        from eventsourcing.utils import Environment
        merged = {"IS_SNAPSHOTTING_ENABLED": "y", "AGGREGATE_CACHE_MAXSIZE": "1000"}
        merged.update(env or {})
        return Environment(name, merged)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    # -- loading and saving claims -------------------------------------------------------

    def get_claim(self, claim_id: UUID | str) -> Claim:
        try:
            claim = self.repository.get(_as_uuid(claim_id))
        except (AggregateNotFoundError, ValueError):
            raise ClaimNotFound(str(claim_id)) from None
        if not isinstance(claim, Claim):
            raise ClaimNotFound(str(claim_id))
        return claim

    def change_claim(self, claim_id: UUID | str, expected_version: int | None,
                     command: Callable[[Claim], T]) -> tuple[Claim, T]:
        """Load, check the expected version, run the command, save; a race loses cleanly."""
        claim = self.get_claim(claim_id)
        if expected_version is not None and claim.version != expected_version:
            raise StaleVersion(expected_version, claim.version)
        result = command(claim)
        self.save_atomically(claim, expected_version=expected_version)
        return claim, result

    def save_atomically(self, *aggregates: Any, expected_version: int | None = None) -> None:
        try:
            self.save(*aggregates)
        except IntegrityError:
            # The unique (originator_id, originator_version) key refused our events:
            # someone else wrote the same version first. Nothing of ours was stored.
            if expected_version is not None:
                raise StaleVersion(expected_version, None) from None
            raise ConcurrentWrite("the claim changed while this command ran; retry") from None


def _as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
