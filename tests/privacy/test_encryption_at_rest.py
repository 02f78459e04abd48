"""Encryption at rest: with CASEMGMT_CIPHER_KEY set, none of a customer's personal data, nor an
Idempotency-Key, lies anywhere in the database in clear — events, snapshots, views, stored
responses, WAL files — and what the database holds cannot be unsealed from the database alone.

A customer's every detail is a canary (see scenario.py); the claims go through every command,
an Idempotency-Key, snapshots every 3 events and a Surprise & Delight round, then the whole
database is read as bytes (scan.py), on SQLite and on PostgreSQL.
"""
from __future__ import annotations

from uuid import UUID

import pytest

from tests.privacy.scan import database_chunks, found, opened_with_stored_keys, stored_data_keys
from tests.privacy.scenario import NAME, ORDER_ID, PERSONAL, WORD, file_canary_claims


def test_with_a_master_key_no_canary_is_anywhere_in_the_database(api, clock, settings):
    filed = file_canary_claims(api, clock)
    assert list(api.services.casemgmt.snapshots.get(UUID(filed.lived))), "no snapshot was taken"

    chunks = database_chunks(settings)

    assert found(PERSONAL, chunks) == {}
    # Not even what is not personal: with a master key the event store is encrypted whole.
    assert found([ORDER_ID], chunks) == {}


def test_with_a_master_key_the_database_alone_does_not_open_the_sealed_fields(
        api, clock, settings):
    file_canary_claims(api, clock)

    keys = stored_data_keys(settings)

    assert keys and all(stored.startswith("aes:") for stored in keys.values())
    assert opened_with_stored_keys(settings, database_chunks(settings)) == []


@pytest.mark.parametrize("cipher_key", [None])
def test_without_a_master_key_the_canary_is_still_sealed_but_the_database_opens_it(
        api, clock, settings):
    """The positive control. Without CASEMGMT_CIPHER_KEY the event store is plain JSON: the
    scan does find what is not personal (the order id) in the stored events, so it reads them.
    Personal fields are still sealed with their claim's data key even then, so no canary lies
    in clear text; but the data keys are stored raw ("raw:"), so anyone holding the database
    opens the sealed fields with them — the scan then finds the canaries. Only the master key
    (which wraps the data keys) protects against a copied database."""
    file_canary_claims(api, clock)
    chunks = database_chunks(settings)

    assert ORDER_ID in found([ORDER_ID], chunks)
    assert found(PERSONAL, chunks) == {}
    assert all(stored.startswith("raw:") for stored in stored_data_keys(settings).values())
    recovered = found([NAME, WORD], opened_with_stored_keys(settings, chunks))
    assert set(recovered) == {NAME, WORD}
