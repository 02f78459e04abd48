-- Read models fed by the projection runner; each view's position is in projection_positions.
CREATE TABLE IF NOT EXISTS projection_positions (
    name        TEXT PRIMARY KEY,
    position    INTEGER NOT NULL DEFAULT 0,
    fingerprint TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS work_queue (
    claim_id            TEXT PRIMARY KEY,
    version             INTEGER NOT NULL,
    status              TEXT NOT NULL,
    channel             TEXT NOT NULL,
    category            TEXT NOT NULL,
    priority            TEXT NOT NULL,
    assignee            TEXT,
    customer_id         TEXT NOT NULL,
    customer_name       TEXT,
    customer_phone      TEXT,
    customer_email      TEXT,
    customer_tier       TEXT NOT NULL,
    customer_vulnerable TEXT NOT NULL,
    summary             TEXT NOT NULL,
    flags               TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    first_response_at   TEXT,
    closed_at           TEXT,
    first_response_due  TEXT,
    resolution_due      TEXT,
    refund_due          TEXT,
    pending_deadlines   TEXT NOT NULL,  -- JSON [[name, due], ...] of deadlines not yet met
    next_due_at         TEXT,   -- the earliest deadline not yet met, for overdue=true
    reopen_count        INTEGER NOT NULL,
    escalated           INTEGER NOT NULL,
    handler_count       INTEGER NOT NULL,
    satisfaction_score  INTEGER
);
CREATE INDEX IF NOT EXISTS work_queue_received ON work_queue (received_at, claim_id);
CREATE INDEX IF NOT EXISTS work_queue_status ON work_queue (status, received_at, claim_id);
CREATE INDEX IF NOT EXISTS work_queue_category ON work_queue (category, received_at, claim_id);
CREATE INDEX IF NOT EXISTS work_queue_channel ON work_queue (channel, received_at, claim_id);
CREATE INDEX IF NOT EXISTS work_queue_assignee ON work_queue (assignee, received_at, claim_id);
CREATE INDEX IF NOT EXISTS work_queue_customer ON work_queue (customer_id, received_at, claim_id);
CREATE INDEX IF NOT EXISTS work_queue_next_due ON work_queue (next_due_at) WHERE next_due_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS work_queue_closed ON work_queue (closed_at) WHERE closed_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS audit_trail (
    claim_id    TEXT NOT NULL,
    version     INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    event_type  TEXT NOT NULL,
    occurred_at TEXT,            -- NULL when the stored event no longer decodes
    actor       TEXT,
    hash        TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    PRIMARY KEY (claim_id, version)
);
CREATE UNIQUE INDEX IF NOT EXISTS audit_trail_position ON audit_trail (position);

CREATE TABLE IF NOT EXISTS authority_grants (
    claim_id    TEXT NOT NULL,
    decision_id TEXT NOT NULL,
    granted_by  TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    remedy      TEXT NOT NULL,
    amount_krw  INTEGER NOT NULL,
    granted_at  TEXT NOT NULL,
    month       TEXT NOT NULL,          -- YYYY-MM in Asia/Seoul
    PRIMARY KEY (claim_id, decision_id)
);
CREATE INDEX IF NOT EXISTS authority_grants_staff_month ON authority_grants (granted_by, month);
