-- One data key per claim, grouped by customer; destroying a key destroys that personal data.
CREATE TABLE IF NOT EXISTS data_keys (
    claim_id     TEXT PRIMARY KEY,
    customer_id  TEXT NOT NULL,
    wrapped_key  TEXT,               -- NULL once destroyed
    created_at   TEXT NOT NULL,
    destroyed_at TEXT
);
CREATE INDEX IF NOT EXISTS data_keys_customer ON data_keys (customer_id);

-- Who asked for which customer's data to be erased, when and why (no personal data here).
CREATE TABLE IF NOT EXISTS erasures (
    customer_id TEXT NOT NULL,
    claims      INTEGER NOT NULL,
    reason      TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    erased_at   TEXT NOT NULL
);

ALTER TABLE idempotency_keys ADD COLUMN claim_id TEXT;
