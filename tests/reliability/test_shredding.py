"""Shredding that shreds: after erasure or retention no copy of a destroyed data key is left in
the database files, read as someone who copied them would read them (no application).

SQLite: the database file and every file beside it (-wal, -shm), read while the service still
runs. PostgreSQL: every file of the data directory of a cluster this test starts (the WAL in
pg_wal included), read after a clean stop has flushed every page to disk. Each test first
finds the keys there before destruction, so a scan that finds nothing has looked well; and
the key of a customer who was not erased is still found afterwards.
"""
from __future__ import annotations

import base64
import glob
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest
from eventsourcing.cryptography import AESCipher

from casemgmt.application.jobs import run_job
from casemgmt.bootstrap import Services, build
from casemgmt.config import Settings
from tests.builders import a_customer, a_filed_claim, a_responded_claim, a_team

from .private_postgres import PrivateCluster, private_cluster

GONE_CLAIMS, KEPT_PER_GONE = 6, 10


@dataclass
class Store:
    """Builds services on the test's database and reads its files raw."""

    settings: Settings
    files: Callable[[], list[Path]]
    cluster: PrivateCluster | None = None

    def open(self, clock) -> Services:
        if self.cluster is not None and not self.cluster.is_running():
            self.cluster.start()
        return build(self.settings, clock=clock)

    def at_rest(self, services: Services) -> list[Path]:
        """The files as a copier finds them: SQLite while it runs; PostgreSQL once a clean
        stop wrote out every page (a copy of a running cluster may lag its memory)."""
        if self.cluster is not None:
            services.close()
            self.cluster.stop("fast")
        return self.files()


@pytest.fixture(params=[None, "master key"], ids=["raw keys", "wrapped keys"])
def cipher_key(request) -> str | None:
    return AESCipher.create_key(32) if request.param else None


@pytest.fixture
def store(backend, tmp_path, cipher_key) -> Iterator[Store]:
    if backend == "sqlite":
        path = tmp_path / "casemgmt.db"
        yield Store(Settings(database_url=f"sqlite:///{path}", cipher_key=cipher_key),
                    lambda: [Path(p) for p in sorted(glob.glob(f"{path}*"))])
        return
    with private_cluster() as cluster:
        settings = Settings(database_url=cluster.url, cipher_key=cipher_key, shred_wal=True)
        yield Store(settings, lambda: list(cluster.files()), cluster)


def key_forms(services: Services, claim_id: str) -> dict[str, bytes]:
    """The ways a claim's key may lie on disk: its bytes, their base64, the stored column's
    base64 (the same as the key's without a master key; wrapped by it with one)."""
    raw = services.casemgmt.keys.key(claim_id)
    with services.db.transaction(write=False) as cur:
        cur.execute("SELECT wrapped_key FROM data_keys WHERE claim_id = %s", (claim_id,))
        stored = cur.fetchone()[0]
    return {"bytes": raw, "base64": base64.b64encode(raw),
            "stored": stored.partition(":")[2].encode("ascii")}


# A piece this long is the key's, not chance; pieces start every STRIDE characters, so any
# fragment of WINDOW + STRIDE - 1 characters left of a half-overwritten row is found.
WINDOW, STRIDE = 12, 6


def found_in(files: list[Path], forms: dict[str, bytes]) -> dict[str, list[str]]:
    """{form: [file names]}: the raw bytes found whole, a base64 form whole or in pieces."""
    searched = {name: [form] if name == "bytes" else
                [form[i:i + WINDOW] for i in range(0, len(form) - WINDOW + 1, STRIDE)]
                for name, form in forms.items()}
    hits: dict[str, list[str]] = {}
    for path in files:
        data = path.read_bytes()
        for name, pieces in searched.items():
            if any(piece in data for piece in pieces):
                hits.setdefault(name, []).append(path.name)
    return hits


def two_customers(services: Services, team) -> tuple[list[str], str]:
    """Claims of a customer to destroy among many more of another's, so that the keys fill
    several pages (rows that moved when a page split leave copies, unless zeroed; a row
    rewritten shorter leaves part of itself behind, unless the table is rewritten)."""
    app = services.casemgmt
    gone, kept = [], []
    for n in range(GONE_CLAIMS * KEPT_PER_GONE):
        if n % KEPT_PER_GONE == 0:
            claim = a_responded_claim(app, team.agent.actor, customer=a_customer(id="C-GONE"))
            gone.append(str(claim.id))
        else:
            kept.append(str(a_filed_claim(app, team.agent.actor, customer=a_customer(id="C-KEPT")).id))
    return gone, kept[0]


def test_an_erased_customers_keys_are_nowhere_in_the_files(store, clock):
    services = store.open(clock)
    team = a_team(services.casemgmt)
    gone, kept = two_customers(services, team)
    forms = {claim_id: key_forms(services, claim_id) for claim_id in gone + [kept]}
    before = found_in(store.at_rest(services), forms[gone[0]])
    assert before, "the scan does not find a key that is there"

    services = store.open(clock)
    services.casemgmt.erase_customer("C-GONE", "고객 요청", team.admin.actor)
    files = store.at_rest(services)

    for claim_id in gone:
        assert found_in(files, forms[claim_id]) == {}, claim_id
    assert found_in(files, forms[kept])  # the other customer's key is still there
    services.close()


def test_keys_destroyed_by_retention_are_nowhere_in_the_files(store, clock):
    services = store.open(clock)
    team = a_team(services.casemgmt)
    gone, kept = two_customers(services, team)
    for claim_id in gone:
        services.casemgmt.close_claim(team.agent.actor, claim_id, resolution="resolved")
    forms = {claim_id: key_forms(services, claim_id) for claim_id in gone + [kept]}
    assert found_in(store.at_rest(services), forms[gone[1]])

    services = store.open(clock)
    clock.advance(days=services.settings.retention_days + 10)
    result = run_job(services.casemgmt, "retention")["result"]
    files = store.at_rest(services)

    assert sorted(result["destroyed"]) == sorted(gone)
    for claim_id in gone:
        assert found_in(files, forms[claim_id]) == {}, claim_id
    assert found_in(files, forms[kept])
    services.close()


def test_every_sqlite_connection_zeroes_what_it_deletes(tmp_path, clock):
    services = build(Settings(database_url=f"sqlite:///{tmp_path}/casemgmt.db"), clock=clock)
    try:
        a_team(services.casemgmt)  # the event store's own connections are used too
        pool = services.db.datastore.pool

        modes = [c._sqlite_conn.execute("PRAGMA secure_delete").fetchone()[0]
                 for c in list(pool._pool)]

        assert modes and set(modes) == {1}
    finally:
        services.close()


def test_a_shred_that_cannot_finish_says_so_and_destruction_stands(tmp_path, clock, caplog):
    services = build(Settings(database_url=f"sqlite:///{tmp_path}/casemgmt.db"), clock=clock)
    try:
        team = a_team(services.casemgmt)
        gone, _ = two_customers(services, team)
        reader = services.db.datastore.pool._create_connection()._sqlite_conn
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM data_keys").fetchone()  # holds an old snapshot
        services.casemgmt.keys._destroy("customer_id", "C-GONE")  # a write after it

        done = services.casemgmt.shredder.shred()

        reader.execute("ROLLBACK")
        assert done is False
        assert "until the next shred" in caplog.text
        assert services.casemgmt.keys.key(gone[0]) is None
        assert services.casemgmt.shredder.shred() is True
    finally:
        services.close()
