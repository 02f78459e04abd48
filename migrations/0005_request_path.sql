-- The one-transaction request path (issue 16) and the access log the safety measures ask for.

-- Each claim's last audit-trail hash, so chaining a batch needs no per-event lookup.
CREATE TABLE IF NOT EXISTS audit_heads (
    claim_id TEXT PRIMARY KEY,
    version  INTEGER NOT NULL,
    hash     TEXT NOT NULL
);
INSERT INTO audit_heads (claim_id, version, hash)
    SELECT t.claim_id, t.version, t.hash FROM audit_trail t
    WHERE t.version = (SELECT MAX(u.version) FROM audit_trail u WHERE u.claim_id = t.claim_id)
    ON CONFLICT (claim_id) DO NOTHING;

-- 안전성 확보조치 기준 §8 접속기록: where the access came from, and refused attempts too.
ALTER TABLE pii_access_log ADD COLUMN client_ip TEXT;
ALTER TABLE pii_access_log ADD COLUMN outcome TEXT NOT NULL DEFAULT 'shown';
