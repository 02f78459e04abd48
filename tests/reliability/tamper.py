"""Tampering as someone holding the database would: stored events edited, deleted, swapped or
cut off (straight in the library's table), and the audit trail recomputed to match them."""
from __future__ import annotations

from uuid import UUID

from casemgmt.bootstrap import Services
from casemgmt.config import Settings
from casemgmt.domain.audit_chain import GENESIS, chain_hash
from tests.projections.helpers import (
    delete_stored_event,
    event_store,
    overwrite_stored_state,
    read_stored_state,
)


def _stored_id(settings: Settings, claim_id: str):
    uuid = UUID(str(claim_id))
    return uuid.hex if settings.backend == "sqlite" else uuid


def edit(settings: Settings, claim_id: str, version: int, old: bytes, new: bytes) -> None:
    """Rewrite bytes of one stored event so that it still decodes."""
    state = read_stored_state(settings, claim_id, version)
    assert old in state
    overwrite_stored_state(settings, claim_id, version, state.replace(old, new))


def delete(settings: Settings, claim_id: str, version: int) -> None:
    delete_stored_event(settings, claim_id, version)


def swap(settings: Settings, claim_id: str, first: int, second: int) -> None:
    """Two stored events trade places: each version now holds the other's event."""
    with event_store(settings) as (conn, table, p):
        rows = {version: (topic, bytes(state)) for version, topic, state in conn.execute(
            f"SELECT originator_version, topic, state FROM {table} WHERE originator_id = {p}"
            f" AND originator_version IN ({p}, {p})",
            (_stored_id(settings, claim_id), first, second)).fetchall()}
        for version, other in ((first, second), (second, first)):
            conn.execute(f"UPDATE {table} SET topic = {p}, state = {p} WHERE originator_id = {p}"
                         f" AND originator_version = {p}",
                         (*rows[other], _stored_id(settings, claim_id), version))


def truncate(settings: Settings, claim_id: str, from_version: int) -> None:
    with event_store(settings) as (conn, table, p):
        conn.execute(f"DELETE FROM {table} WHERE originator_id = {p} AND originator_version >= {p}",
                     (_stored_id(settings, claim_id), from_version))


def recompute_trail(services: Services, claim_id: str) -> None:
    """The trail rows (and head) of the claim made to agree with the tampered store."""
    stored = services.casemgmt.recorder.select_events(UUID(claim_id))
    versions = [record.originator_version for record in stored]
    with services.db.transaction() as cur:
        cur.execute("SELECT version FROM audit_trail WHERE claim_id = %s", (claim_id,))
        for (version,) in cur.fetchall():
            if version not in versions:
                cur.execute("DELETE FROM audit_trail WHERE claim_id = %s AND version = %s",
                            (claim_id, version))
        prev = GENESIS
        for record in stored:
            current = chain_hash(prev, claim_id, record.originator_version, record.topic,
                                 record.state)
            cur.execute("UPDATE audit_trail SET hash = %s, prev_hash = %s"
                        " WHERE claim_id = %s AND version = %s",
                        (current, prev, claim_id, record.originator_version))
            prev = current
        cur.execute("UPDATE audit_heads SET version = %s, hash = %s WHERE claim_id = %s",
                    (versions[-1], prev, claim_id))
