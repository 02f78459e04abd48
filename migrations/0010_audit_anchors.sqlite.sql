-- Audit anchors (issue 15): signed digests of every claim's audit chain, kept outside too.
-- Each anchor's facts; the full signed document of the last one only (the copies outside
-- are the ones that count: the database's holders could rewrite these rows).
CREATE TABLE IF NOT EXISTS audit_anchors (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  TEXT NOT NULL,
    position    INTEGER NOT NULL,
    merkle_root TEXT NOT NULL,
    digest      TEXT NOT NULL,
    document    TEXT
);

-- Each claim's chain head as the last anchor vouched for it, for history reads.
CREATE TABLE IF NOT EXISTS anchored_heads (
    claim_id  TEXT PRIMARY KEY,
    version   INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    anchor_id INTEGER NOT NULL
);
