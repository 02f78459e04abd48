-- Customers (issue 10): the blind index, the customer 360's read model, the order guard, staff.

-- The per-database secret the blind index keys derive from when CASEMGMT_CIPHER_KEY is not
-- set (with it, they derive from the master key and this table stays empty).
CREATE TABLE IF NOT EXISTS index_secrets (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Keyed hashes (HMAC-SHA256, truncated to 128 bits) of each claim's customer phone, e-mail,
-- name and order number; never the values. Erasure and retention delete a claim's rows.
CREATE TABLE IF NOT EXISTS customer_index (
    field       TEXT NOT NULL,          -- phone | email | name | order_id
    digest      BYTEA NOT NULL,
    claim_id    TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (field, digest, claim_id)
);
CREATE INDEX IF NOT EXISTS customer_index_claim ON customer_index (claim_id);

-- One row per claim for the customer 360 and the export; personal fields sealed with the
-- claim's data key, as in work_queue.
CREATE TABLE IF NOT EXISTS customer_claims (
    claim_id           TEXT PRIMARY KEY,
    customer_id        TEXT NOT NULL,
    version            INTEGER NOT NULL,
    status             TEXT NOT NULL,
    channel            TEXT NOT NULL,
    category           TEXT NOT NULL,
    received_at        TIMESTAMPTZ NOT NULL,
    filed_at           TIMESTAMPTZ NOT NULL,
    first_response_at  TIMESTAMPTZ,
    closed_at          TIMESTAMPTZ,
    resolution         TEXT,
    satisfaction_score INTEGER,
    customer_name      TEXT,
    customer_phone     TEXT,
    customer_email     TEXT,
    customer_tier      TEXT NOT NULL,
    customer_vulnerable TEXT NOT NULL,   -- JSON list
    order_id           TEXT,             -- sealed: clear only in the event store
    abuse_reports      INTEGER NOT NULL,
    open_agency_tracks INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS customer_claims_customer
    ON customer_claims (customer_id, received_at, claim_id);
CREATE INDEX IF NOT EXISTS customer_claims_received ON customer_claims (received_at, claim_id);

-- Every decision of every claim, for the 360's concessions and the export.
CREATE TABLE IF NOT EXISTS customer_concessions (
    claim_id    TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    remedy      TEXT NOT NULL,
    amount_krw  BIGINT NOT NULL,
    status      TEXT NOT NULL,
    hold        TEXT,
    proposed_at TIMESTAMPTZ NOT NULL,
    decided_at  TIMESTAMPTZ,
    PRIMARY KEY (claim_id, decision_id)
);
CREATE INDEX IF NOT EXISTS customer_concessions_customer ON customer_concessions (customer_id);

-- Approved money decisions per order (keyed by the order number's blind-index digest), in
-- the order they were approved. Written in the same transaction as the approving event; the
-- unique (order_key, seq) makes two approvals that saw the same earlier ones collide, so the
-- loser re-reads and is held for a supervisor (see infrastructure/order_approvals.py).
CREATE TABLE IF NOT EXISTS order_approvals (
    order_key   BYTEA NOT NULL,
    seq         INTEGER NOT NULL,
    claim_id    TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    amount_krw  BIGINT NOT NULL,
    approved_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_key, seq),
    UNIQUE (claim_id, decision_id)
);

-- Staff as a list (GET /staff, `casemgmt staff list`): no names (read from the staff
-- aggregates for the page shown), and their tokens' validity, never the tokens' hashes.
CREATE TABLE IF NOT EXISTS staff_directory (
    staff_id         TEXT PRIMARY KEY,
    role             TEXT NOT NULL,
    authority_limit  BIGINT NOT NULL,
    registered_at    TIMESTAMPTZ NOT NULL,
    token_generation INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS staff_directory_role ON staff_directory (role, registered_at, staff_id);
CREATE TABLE IF NOT EXISTS staff_tokens (
    token_id   TEXT PRIMARY KEY,
    staff_id   TEXT NOT NULL,
    generation INTEGER NOT NULL,
    issued_at  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS staff_tokens_staff ON staff_tokens (staff_id);
