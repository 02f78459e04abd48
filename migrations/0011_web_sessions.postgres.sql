-- Browser sessions of the staff workspace (casemgmt/web). The cookie holds a random session
-- id; only its SHA-256 is stored, with the hash of the API token that opened the session, so
-- that every request re-authenticates the token (a revoked or expired token ends the session)
-- and neither secret can be read back from the database.
CREATE TABLE IF NOT EXISTS web_sessions (
    id_hash      TEXT PRIMARY KEY,
    staff_id     TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL   -- the absolute expiry; idle expiry is last_seen_at + idle
);
CREATE INDEX IF NOT EXISTS web_sessions_staff ON web_sessions (staff_id);
CREATE INDEX IF NOT EXISTS web_sessions_expiry ON web_sessions (expires_at);
