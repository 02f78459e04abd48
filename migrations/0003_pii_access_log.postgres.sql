-- Who saw which customer's personal data, when, through which endpoint (PIPA safety measures
-- §8: access records kept at least 2 years). Ids only: no names, phones, e-mails or texts.
-- Append-only: the triggers below refuse UPDATE, DELETE and TRUNCATE.
CREATE TABLE IF NOT EXISTS pii_access_log (
    id          BIGSERIAL PRIMARY KEY,
    accessed_at TIMESTAMPTZ NOT NULL,
    staff_id    TEXT NOT NULL,
    staff_role  TEXT NOT NULL,
    method      TEXT NOT NULL,
    endpoint    TEXT NOT NULL,          -- the route template, e.g. /api/v1/claims/{claim_id}
    claim_id    TEXT NOT NULL,
    customer_id TEXT,                   -- NULL only when the claim could not be read
    request_id  TEXT NOT NULL           -- the rows written for one response share it
);
CREATE INDEX IF NOT EXISTS pii_access_log_customer ON pii_access_log (customer_id, id);
CREATE INDEX IF NOT EXISTS pii_access_log_staff ON pii_access_log (staff_id, id);
CREATE INDEX IF NOT EXISTS pii_access_log_time ON pii_access_log (accessed_at, id);

CREATE OR REPLACE FUNCTION pii_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'pii_access_log is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS pii_access_log_no_change ON pii_access_log;
CREATE TRIGGER pii_access_log_no_change BEFORE UPDATE OR DELETE ON pii_access_log
    FOR EACH ROW EXECUTE FUNCTION pii_access_log_append_only();

DROP TRIGGER IF EXISTS pii_access_log_no_truncate ON pii_access_log;
CREATE TRIGGER pii_access_log_no_truncate BEFORE TRUNCATE ON pii_access_log
    FOR EACH STATEMENT EXECUTE FUNCTION pii_access_log_append_only();
