"""What erasure and retention remove besides the keys: snapshots, the erasure record, and the
copies of destroyed keys that the database engine itself would keep in its files.

Destroying a data key sets its row's `wrapped_key` to NULL; the engines keep the old bytes:

- SQLite keeps a deleted cell's bytes in the page's free space and the page's old versions in
  the WAL. Every connection runs with `PRAGMA secure_delete=ON` (zeroes what is deleted or
  rewritten, from the first write on: see `securely_deleting`), and `shred()` checkpoints the
  WAL with TRUNCATE, so the old page versions leave the -wal file too.
- PostgreSQL keeps the old row version in the table's file until vacuum, and even a plain
  VACUUM only marks its space free. `shred()` runs `VACUUM FULL data_keys`, which writes the
  table anew and drops the old file. The WAL still holds the key as it was inserted: with
  `CASEMGMT_SHRED_WAL=1` (a role granted `pg_checkpoint` and EXECUTE on `pg_switch_wal()`, and
  `wal_recycle = off` so that old segments are deleted rather than renamed and reused)
  `shred()` also switches to a new segment and checkpoints, so the segments that held the key
  are removed. WAL archives, replicas and backups keep their copies until they expire; see
  the README's "Shredding and its limits".
"""
from __future__ import annotations

import logging
import time
from datetime import datetime
from uuid import UUID

from eventsourcing.persistence import PersistenceError

from .database import Database, translated_errors

log = logging.getLogger("casemgmt.shredding")
CHECKPOINT_TRIES = 3
CHECKPOINT_WAIT_MS = 1_000  # per try, for readers of old pages to finish (else: the next shred)


def securely_deleting(datastore) -> None:
    """SQLite: every connection of the pool, opened from now on, zeroes what it deletes."""
    pool = datastore.pool
    opened = pool._create_connection

    def open_securely():
        connection = opened()
        connection._sqlite_conn.execute("PRAGMA secure_delete = ON")
        return connection

    pool._create_connection = open_securely


class Shredder:
    def __init__(self, db: Database, snapshots_table: str | None, *, wal: bool = False):
        self.db = db
        self.snapshots_table = snapshots_table
        self.wal = wal

    def delete_snapshots(self, claim_ids: list[str]) -> None:
        if self.snapshots_table is None:
            return
        with self.db.transaction() as cur:
            for claim_id in claim_ids:
                # SQLite stores ids as text (hex), PostgreSQL as uuid: compare as text on both.
                value = UUID(str(claim_id))
                cur.execute(f"DELETE FROM {self.snapshots_table}"
                            " WHERE CAST(originator_id AS TEXT) = %s",
                            (str(value) if cur.backend == "postgres" else value.hex,))

    def record_erasure(self, customer_id: str, claims: int, reason: str, by: str,
                       erased_at: datetime) -> None:
        with self.db.transaction() as cur:
            cur.execute("INSERT INTO erasures (customer_id, claims, reason, requested_by,"
                        " erased_at) VALUES (%s, %s, %s, %s, %s)",
                        (customer_id, claims, reason, by, erased_at.isoformat()))

    def shred(self) -> bool:
        """Make what was just destroyed unrecoverable from the database files too; False
        (and a warning) when that has to wait for the next shred."""
        try:
            done = self._checkpoint() if self.db.backend == "sqlite" else self._vacuum()
        except PersistenceError as error:
            log.warning("destroyed keys may stay in the database files until the next shred:"
                        " %s", type(error).__name__)
            return False
        if not done:
            log.warning("the WAL is still read; destroyed keys stay in it until the next shred")
        return done

    # -- SQLite --------------------------------------------------------------------------

    def _checkpoint(self) -> bool:
        """Copy every page back into the database file and empty the WAL file."""
        with translated_errors("sqlite"), self.db.datastore.get_connection(commit=True) as conn:
            raw = conn._sqlite_conn
            waited = raw.execute("PRAGMA busy_timeout").fetchone()[0]
            raw.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
            try:
                for _ in range(CHECKPOINT_TRIES):
                    busy, _, _ = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                    if not busy:
                        return True
                    time.sleep(0.05)
            finally:
                raw.execute(f"PRAGMA busy_timeout = {waited}")
        return False

    # -- PostgreSQL ----------------------------------------------------------------------

    def _vacuum(self) -> bool:
        with translated_errors("postgres"), self.db.datastore.get_connection() as conn:
            conn.execute("VACUUM FULL data_keys")  # autocommit: outside any transaction
            if self.wal:
                conn.execute("SELECT pg_switch_wal()")
                conn.execute("CHECKPOINT")
        return True
