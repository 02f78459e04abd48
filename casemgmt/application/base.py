"""The event-sourced application: storage, snapshots, loading and saving with version checks."""
from __future__ import annotations

from typing import Any, Callable, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.persistence import IntegrityError, JSONTranscoder

from casemgmt.config import Settings
from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.claim import Claim
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.keystore import KeyStore
from casemgmt.infrastructure.migrations import migrate
from casemgmt.infrastructure.personal_data import PersonalDataMapper, SnapshotKeyDestroyed
from casemgmt.infrastructure.sealing import Sealer
from casemgmt.infrastructure.transcodings import register_domain_transcodings

from .clock import Clock, SystemClock
from .errors import ClaimNotFound, ConcurrentWrite, StaleVersion

T = TypeVar("T")
STARTUP_LOCK = 0x6361_7366  # any constant shared by every casemgmt process


class CaseApplication(Application):
    name = "casemgmt"
    snapshotting_intervals = {Claim: 50}

    def __init__(self, settings: Settings | None = None, *, clock: Clock | None = None,
                 policy: AuthorityPolicy | None = None):
        self.settings = settings or Settings.from_env()
        self.clock = clock or SystemClock()
        self.policy = policy or AuthorityPolicy()
        self.snapshotting_intervals = {Claim: self.settings.snapshot_interval}
        # casemgmt's own tables (data keys among them) exist before the first event is sealed.
        self.db = Database(self.settings)
        self.applied_migrations = migrate(self.db, self.settings.migrations_dir)
        self.keys = KeyStore(self.db, self.settings.cipher_key)
        self.sealer = Sealer(self.keys)
        # eventsourcing creates its tables, types and functions at start-up; two processes
        # doing so at once on PostgreSQL collide ("tuple concurrently updated").
        with self.db.exclusive(STARTUP_LOCK):
            super().__init__(env=self.settings.eventsourcing_env())

    def construct_mapper(self):
        return PersonalDataMapper(transcoder=self.construct_transcoder(),
                                  cipher=self.factory.cipher(), compressor=self.factory.compressor(),
                                  keys=self.keys)

    def construct_repository(self) -> Repository:
        return SnapshotTolerantRepository(event_store=self.events, snapshot_store=self.snapshots)

    def sealed_mapper(self) -> PersonalDataMapper:
        """A mapper that leaves personal fields sealed, for readers that never show them."""
        return PersonalDataMapper(transcoder=self.mapper.transcoder, cipher=self.mapper.cipher,
                                  compressor=self.mapper.compressor, keys=self.keys, unseal=False)

    def close(self) -> None:
        super().close()
        self.db.close()

    def construct_env(self, name: str, env=None):
        # Our settings are the whole truth: os.environ must not smuggle in library settings
        # (the base class would let any POSTGRES_* variable of the shell override them).
        from eventsourcing.utils import Environment
        # No aggregate cache: decrypted claims must not outlive a request in memory, or an
        # erased customer's data would linger there. Snapshots keep loading cheap.
        merged = {"IS_SNAPSHOTTING_ENABLED": "y"}
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

    def delete_snapshots(self, claim_ids: list[str]) -> None:
        table = self.snapshots.recorder.events_table_name if self.snapshots else None
        if table is None:
            return
        with self.db.transaction() as cur:
            for claim_id in claim_ids:
                # SQLite stores ids as text, PostgreSQL as uuid: compare as text on both.
                cur.execute(f"DELETE FROM {table} WHERE CAST(originator_id AS TEXT) = %s",
                            (str(_as_uuid(claim_id)) if cur.backend == "postgres"
                             else _as_uuid(claim_id).hex,))

    def take_snapshot(self, aggregate_id: Any, version: int | None = None,
                      **kwargs: Any) -> None:
        try:
            super().take_snapshot(aggregate_id, version, **kwargs)
        except SnapshotKeyDestroyed:
            pass  # an erased claim keeps no snapshot (it could not be opened): it loads from events

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


class SnapshotTolerantRepository(Repository):
    """Replays from the events when a snapshot's key was destroyed (by another process,
    say, whose cached key outlived an erasure), instead of failing to load the claim."""

    def _reconstruct_aggregate(self, aggregate_id, version, projector_func):
        try:
            return super()._reconstruct_aggregate(aggregate_id, version, projector_func)
        except SnapshotKeyDestroyed:
            events = self.event_store.get(originator_id=aggregate_id, lte=version)
            aggregate = projector_func(None, events)
            if aggregate is None:
                raise AggregateNotFoundError(aggregate_id) from None
            return aggregate


def _as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
