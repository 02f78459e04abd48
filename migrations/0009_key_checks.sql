-- The master key's check (issue 14), stored with the data it protects: 'hmac-sha256:<hex>' of
-- a constant under CASEMGMT_CIPHER_KEY, or 'none' for a store written without a key. A process
-- started with another key, or without the key, refuses to start instead of writing under it.
CREATE TABLE IF NOT EXISTS key_checks (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
