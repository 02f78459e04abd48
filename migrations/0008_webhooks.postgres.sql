-- Webhook subscriptions and the deliveries made to them (no personal data in either).
CREATE TABLE IF NOT EXISTS webhook_subscriptions (
    id                   TEXT PRIMARY KEY,
    url                  TEXT NOT NULL,
    events               TEXT NOT NULL,          -- JSON: ["*"] or event type names
    description          TEXT NOT NULL,
    secret               TEXT NOT NULL,          -- "aes:…" sealed by the master key, or "raw:…"
    state                TEXT NOT NULL,          -- active | paused
    paused_reason        TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    position             BIGINT NOT NULL,        -- the last log position turned into deliveries
    created_by           TEXT NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    changed_at           TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
    subscription_id  TEXT NOT NULL,
    position         BIGINT NOT NULL,
    claim_id         TEXT NOT NULL,
    event_type       TEXT NOT NULL,
    payload          TEXT NOT NULL,              -- the body, byte for byte the same on every try
    status           TEXT NOT NULL,              -- pending | delivered | failed
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    first_attempt_at TIMESTAMPTZ,
    last_attempt_at  TIMESTAMPTZ,
    last_status_code INTEGER,
    last_error       TEXT,
    delivered_at     TIMESTAMPTZ,
    leased_until     TIMESTAMPTZ,                -- a runner is attempting it until then
    lease_owner      TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (subscription_id, position)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_pending
    ON webhook_deliveries (subscription_id, claim_id, position) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_due
    ON webhook_deliveries (subscription_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_status
    ON webhook_deliveries (subscription_id, status, position);
