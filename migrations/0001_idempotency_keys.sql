-- Responses to POST requests that carried an Idempotency-Key, so a retry gets the first answer.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    actor_id      TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    method        TEXT NOT NULL,
    path          TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    state         TEXT NOT NULL,          -- 'in_progress' or 'done'
    status_code   INTEGER,
    response_body TEXT,
    headers       TEXT,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (actor_id, idem_key)
);
