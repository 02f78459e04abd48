"""The event-sourced application: loading and saving aggregates with version checks.

It is given its storage (the library's infrastructure factory), the mapper that seals
personal data and the data keys by the composition root (bootstrap.build); it builds none
of them, so it imports nothing of the infrastructure.
"""
from __future__ import annotations

from typing import Any, Callable, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.persistence import InfrastructureFactory, IntegrityError, JSONTranscoder
from eventsourcing.utils import Environment

from casemgmt.config import Settings
from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.claim import Claim

from .clock import Clock, SystemClock
from .errors import ClaimNotFound, ConcurrentWrite, StaleVersion
from .integrity import intact
from .ports import current_write, positions_of

T = TypeVar("T")


class CaseApplication(Application):
    name = "casemgmt"
    snapshotting_intervals = {Claim: 50}

    def __init__(self, settings: Settings, *, factory: InfrastructureFactory,
                 make_mapper: Callable[..., Any], keys: Any, sealer: Any,
                 register_transcodings: Callable[[JSONTranscoder], None],
                 snapshot_failures: tuple[type[Exception], ...] = (),
                 clock: Clock | None = None, policy: AuthorityPolicy | None = None):
        self.settings = settings
        self.clock = clock or SystemClock()
        self.policy = policy or AuthorityPolicy()
        self.keys = keys
        self.sealer = sealer
        self.snapshotting_intervals = {Claim: settings.snapshot_interval}
        self._factory = factory
        self._make_mapper = make_mapper
        self._register_transcodings = register_transcodings
        self._snapshot_failures = snapshot_failures
        super().__init__()

    def construct_env(self, name: str, env=None) -> Environment:
        # The factory is built already; the env only switches snapshots on. No aggregate
        # cache: decrypted claims must not outlive a request in memory, or an erased
        # customer's data would linger there. Snapshots keep loading cheap.
        return Environment(name, {"IS_SNAPSHOTTING_ENABLED": "y"})

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        return self._factory

    def construct_mapper(self):
        return self._make_mapper(transcoder=self.construct_transcoder(),
                                 cipher=self.factory.cipher(),
                                 compressor=self.factory.compressor(), unseal=True)

    def sealed_mapper(self):
        """A mapper that leaves personal fields sealed, for readers that never show them."""
        return self._make_mapper(transcoder=self.mapper.transcoder, cipher=self.mapper.cipher,
                                 compressor=self.mapper.compressor, unseal=False)

    def construct_repository(self) -> Repository:
        return SnapshotTolerantRepository(event_store=self.events, snapshot_store=self.snapshots,
                                          failures=self._snapshot_failures)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        self._register_transcodings(transcoder)

    # -- loading and saving claims -------------------------------------------------------

    def get_claim(self, claim_id: UUID | str) -> Claim:
        try:
            uuid = as_uuid(claim_id)
            with intact(self, uuid):  # damaged events: an integrity error, not "no claim"
                claim = self.repository.get(uuid)
        except (AggregateNotFoundError, ValueError):
            raise ClaimNotFound(str(claim_id)) from None
        if not isinstance(claim, Claim):
            raise ClaimNotFound(str(claim_id))
        return claim

    def _take_snapshots(self, processing_event: Any) -> None:
        """Snapshot a claim (the one aggregate with an interval) from the object just saved
        when it stands at the snapshot's version: the library would first load it again
        from the store, a replay of up to `snapshot_interval` events inside the command."""
        interval = self.snapshotting_intervals.get(Claim)
        if self.snapshots is None or not interval:
            return
        for event in processing_event.events:
            claim = processing_event.aggregates.get(event.originator_id)
            if not isinstance(claim, Claim) or event.originator_version % interval:
                continue
            if claim.version != event.originator_version:  # a later event of the same save
                self.take_snapshot(event.originator_id, event.originator_version,
                                   projector_func=replay)
                continue
            try:
                self.snapshots.put([getattr(Claim, "Snapshot", self.snapshot_class).take(claim)])
            except self._snapshot_failures:
                pass  # as in take_snapshot

    def take_snapshot(self, aggregate_id: Any, version: int | None = None,
                      **kwargs: Any) -> None:
        try:
            super().take_snapshot(aggregate_id, version, **kwargs)
        except self._snapshot_failures:
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

    def save_atomically(self, *aggregates: Any, expected_version: int | None = None,
                        statements: list | None = None) -> list[int]:
        """Save in one transaction with `statements` and what the caller's edge writes with it
        (ports.py); returns the positions of the stored events."""
        edge = current_write.get()
        # the edge's rows first: a second try of a commit whose answer was lost then meets
        # its own Idempotency-Key record (KeyTaken: the stored answer is replayed at once)
        statements = ((edge.before(aggregates) if edge else []) + self._new_keys(aggregates)
                      + list(statements or []))
        try:
            recordings = self.save(*aggregates, statements=statements)
        except IntegrityError:
            self._forget_new_keys(aggregates)
            # The unique (originator_id, originator_version) key refused our events:
            # someone else wrote the same version first. Nothing of ours was stored.
            if expected_version is not None:
                raise StaleVersion(expected_version, None) from None
            raise ConcurrentWrite("the claim changed while this command ran; retry") from None
        except BaseException:
            self._forget_new_keys(aggregates)
            raise
        positions = positions_of(recordings)
        if edge:
            edge.committed(positions)
        return positions

    def _new_keys(self, aggregates: tuple[Any, ...]) -> list:
        """A new claim's data key is stored in the transaction that stores the claim."""
        return [self.keys.issue(str(a.id), a.customer.id) for a in aggregates
                if isinstance(a, Claim) and a.version == len(a.pending_events)]

    def _forget_new_keys(self, aggregates: tuple[Any, ...]) -> None:
        for aggregate in aggregates:
            if isinstance(aggregate, Claim) and aggregate.version == len(aggregate.pending_events):
                self.keys.forget(str(aggregate.id))


class SnapshotTolerantRepository(Repository):
    """Replays from the events when a snapshot's key was destroyed (by another process,
    say, whose cached key outlived an erasure), instead of failing to load the claim."""

    def __init__(self, *args: Any, failures: tuple[type[Exception], ...] = (), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._failures = failures

    def get(self, aggregate_id: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("projector_func", replay)
        return super().get(aggregate_id, **kwargs)

    def _reconstruct_aggregate(self, aggregate_id, version, projector_func):
        try:
            return super()._reconstruct_aggregate(aggregate_id, version, projector_func)
        except self._failures:
            events = self.event_store.get(originator_id=aggregate_id, lte=version)
            aggregate = projector_func(None, events)
            if aggregate is None:
                raise AggregateNotFoundError(aggregate_id) from None
            return aggregate


def replay(aggregate: Any, events: Any) -> Any:
    """The library's project_aggregate without its per-event isinstance check against a
    runtime Protocol: on a long claim that check cost a tenth of an as-of read."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))
