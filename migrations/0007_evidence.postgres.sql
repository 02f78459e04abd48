-- Evidence files, sealed (AES-GCM with the claim's data key, bound to claim and attachment id):
-- destroying the key makes them unreadable; erasure and retention delete the rows as well.
CREATE TABLE IF NOT EXISTS claim_files (
    claim_id      TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    sealed        BYTEA NOT NULL,
    stored_at     TEXT NOT NULL,
    PRIMARY KEY (claim_id, attachment_id)
);

-- Vendor links: the SHA-256 of the token only, and which claim's link (for which fact check)
-- it is. Whether the link
-- still works (expiry, revocation, the fact check still open) is on the claim's events.
CREATE TABLE IF NOT EXISTS vendor_links (
    token_hash TEXT PRIMARY KEY,
    claim_id   TEXT NOT NULL,
    link_id    TEXT NOT NULL,
    fact_check_id TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS vendor_links_claim ON vendor_links (claim_id);

-- Sealed bytes do not compress: store them out of line without trying.
ALTER TABLE claim_files ALTER COLUMN sealed SET STORAGE EXTERNAL;
