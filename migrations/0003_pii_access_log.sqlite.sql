-- Who saw which customer's personal data, when, through which endpoint (PIPA safety measures
-- §8: access records kept at least 2 years). Ids only: no names, phones, e-mails or texts.
-- Append-only: the triggers below refuse UPDATE and DELETE (each kept on one line, because
-- the migration runner splits statements on a semicolon at the end of a line).
CREATE TABLE IF NOT EXISTS pii_access_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    accessed_at TEXT NOT NULL,
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

CREATE TRIGGER IF NOT EXISTS pii_access_log_no_update BEFORE UPDATE ON pii_access_log BEGIN SELECT RAISE(ABORT, 'pii_access_log is append-only: UPDATE refused'); END;
CREATE TRIGGER IF NOT EXISTS pii_access_log_no_delete BEFORE DELETE ON pii_access_log BEGIN SELECT RAISE(ABORT, 'pii_access_log is append-only: DELETE refused'); END;
