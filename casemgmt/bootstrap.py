"""Composition root: build(settings) wires the storage, the application, the views and stores.

The one place that knows every concrete class. The API, the CLI, the scheduler and the tests
all start from here, and tests pass other policies, calendars or clocks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casemgmt.application import Casemgmt
from casemgmt.application.clock import Clock
from casemgmt.application.evidence import EvidenceDesk
from casemgmt.application.vendor_links import VendorDesk
from casemgmt.bootstrap_evidence import build_evidence
from casemgmt.application.remedies import RemedyStandard
from casemgmt.application.simulations import PolicySimulation
from casemgmt.config import Settings
from casemgmt.domain.authority import AuthorityPolicy
from casemgmt.domain.calendar import BusinessCalendar
from casemgmt.domain.deadline_policy import DeadlinePolicy
from casemgmt.domain.follow_up_policy import FollowUpPolicy
from casemgmt.application.anchoring import AuditAnchoring
from casemgmt.infrastructure.access_log import AccessLogStore
from casemgmt.infrastructure.anchor_signing import anchor_signer, outlets
from casemgmt.infrastructure.anchor_store import AnchorStore
from casemgmt.infrastructure.blind_index import BlindIndex
from casemgmt.infrastructure.database import Database
from casemgmt.infrastructure.event_store import storage_factory
from casemgmt.infrastructure.idempotency import IdempotencyStore
from casemgmt.infrastructure.key_check import MasterKeyRefused, check_master_key, master_key
from casemgmt.infrastructure.keystore import KeyStore
from casemgmt.infrastructure.order_approvals import OrderApprovals
from casemgmt.infrastructure.migrations import Migration, migrate
from casemgmt.infrastructure.rate_table import SharedBucketTable
from casemgmt.infrastructure.personal_data import PersonalDataMapper, SnapshotKeyDestroyed
from casemgmt.infrastructure.sealing import Sealer
from casemgmt.infrastructure.shredding import Shredder
from casemgmt.infrastructure.standard_tables import shipped_standard_tables
from casemgmt.infrastructure.transcodings import register_domain_transcodings
from casemgmt.infrastructure.web_sessions import WebSessionStore
from casemgmt.projections.audit_trail import AuditTrailView
from casemgmt.projections.authority_ledger import AuthorityLedgerView
from casemgmt.projections import customer_index
from casemgmt.projections.customer_directory import CustomerDirectory
from casemgmt.projections.customer_views import customer_views
from casemgmt.projections.read_models import ReadModels
from casemgmt.projections.staff_listing import StaffDirectory
from casemgmt.projections.runner import ProjectionRunner
from casemgmt.projections.work_queue import WorkQueueView

STARTUP_LOCK = 0x6361_7366  # any constant shared by every casemgmt process


@dataclass
class Services:
    settings: Settings
    casemgmt: Casemgmt
    db: Database
    idempotency: IdempotencyStore
    access_log: AccessLogStore
    projections: ProjectionRunner
    views: ReadModels
    remedy_standard: RemedyStandard
    evidence: EvidenceDesk
    vendors: VendorDesk
    web_sessions: WebSessionStore
    simulations: PolicySimulation
    applied_migrations: list[Migration] = field(default_factory=list)
    rate_levels: SharedBucketTable | None = None  # shared by this machine's API workers

    @property
    def deadline_policy(self) -> DeadlinePolicy:
        return self.casemgmt.deadline_policy

    @property
    def calendar(self) -> BusinessCalendar:
        return self.casemgmt.calendar

    def close(self) -> None:
        self.db.close()
        self.casemgmt.close()


def build(settings: Settings | None = None, *, clock: Clock | None = None,
          authority: AuthorityPolicy | None = None,
          deadline_policy: DeadlinePolicy | None = None,
          calendar: BusinessCalendar | None = None) -> Services:
    settings = settings or Settings.from_env()
    key = master_key(settings.cipher_key)  # malformed: one line naming the variable
    factory = storage_factory(settings.eventsourcing_env(), settings.backend)
    try:
        return _assemble(settings, factory, key, clock=clock, authority=authority,
                         deadline_policy=deadline_policy, calendar=calendar)
    except BaseException:
        # the pool's connections and threads go with the failure: a worker that retries
        # while the database is down (infrastructure/worker_app.py) leaves none behind
        factory.datastore.close()
        raise


def _assemble(settings: Settings, factory: Any, key: bytes | None, *, clock: Clock | None,
              authority: AuthorityPolicy | None, deadline_policy: DeadlinePolicy | None,
              calendar: BusinessCalendar | None) -> Services:
    db = Database(factory.datastore, settings.backend)
    # eventsourcing creates its tables at start-up, our migrations ours; two processes
    # doing so at once on PostgreSQL collide ("tuple concurrently updated").
    with db.exclusive(STARTUP_LOCK):
        applied = migrate(db, settings.migrations_dir)
        keys = KeyStore(db, settings.cipher_key)
        sealer = Sealer(keys)

        def make_mapper(*, transcoder, cipher, compressor, unseal: bool) -> PersonalDataMapper:
            return PersonalDataMapper(transcoder=transcoder, cipher=cipher,
                                      compressor=compressor, keys=keys, unseal=unseal)

        app = Casemgmt(settings, factory=factory, make_mapper=make_mapper, keys=keys,
                       sealer=sealer, register_transcodings=register_domain_transcodings,
                       snapshot_failures=(SnapshotKeyDestroyed,), clock=clock, policy=authority,
                       deadline_policy=deadline_policy, calendar=calendar,
                       follow_up_policy=FollowUpPolicy(retention_days=settings.retention_days))
    _refuse_another_key(db, key, app)
    blind_index = BlindIndex(db, settings.cipher_key)
    views = [WorkQueueView(app.deadline_policy, app.calendar, sealer), AuditTrailView(),
             AuthorityLedgerView(), *customer_views(blind_index, sealer)]
    runner = ProjectionRunner(app, db, views)
    read_models = ReadModels(db, runner, customers=CustomerDirectory(db, sealer, blind_index),
                             staff=StaffDirectory(db, app))
    idempotency = IdempotencyStore(db, master_key_b64=settings.cipher_key)
    access_log = AccessLogStore(db)
    snapshots = app.snapshots.recorder.events_table_name if app.snapshots else None
    # the tables are checked as they load (once per process): a bad table stops the start
    standard = RemedyStandard(shipped_standard_tables())
    app.connect(views=read_models, idempotency=idempotency, access_log=access_log,
                shredder=Shredder(db, snapshots, wal=settings.shred_wal),
                remedy_standard=standard,
                order_approvals=OrderApprovals(db, blind_index))
    evidence, vendors = build_evidence(settings, app, db, policy=app.deadline_policy,
                                       calendar=app.calendar)
    app.destruction_hooks += [evidence.forget, vendors.forget,
                              lambda claim_ids: db.run_with(customer_index.forget, claim_ids)]
    # policy simulation (issue 12): reads the stored events of the application, writes nothing
    simulations = PolicySimulation(app, standard, authority=app.policy,
                                   deadlines=app.deadline_policy, calendar=app.calendar,
                                   clock=app.clock)
    # audit anchors (issue 15): signed digests of the chain, kept outside; history checks them
    app.anchoring = AuditAnchoring(app, AnchorStore(db), anchor_signer(settings.anchor_key_file),
                                   outlets(settings.anchor_dir, settings.anchor_webhook))
    return Services(settings=settings, casemgmt=app, db=db, idempotency=idempotency,
                    access_log=access_log, projections=runner, views=read_models,
                    remedy_standard=standard, evidence=evidence, vendors=vendors,
                    web_sessions=WebSessionStore(db), simulations=simulations,
                    applied_migrations=applied,
                    rate_levels=(SharedBucketTable.open_in(settings.rate_limit_dir)
                                 if settings.rate_limit_dir else None))


def _refuse_another_key(db: Database, key: bytes | None, app: Casemgmt) -> None:
    """Every command starts here: a key the store was not written with stops it (issue 14)."""
    try:
        check_master_key(db, key, app)
    except MasterKeyRefused:
        db.close()
        app.close()
        raise
