-- Times are microseconds since the epoch (UTC); ids are UUID text; JSON is kept as the text it came as.
CREATE TABLE batch_session (
    id                    TEXT    NOT NULL PRIMARY KEY,
    canvas_path           TEXT    NOT NULL,
    status                TEXT    NOT NULL,
    node_count            INTEGER NOT NULL,
    groups_json           TEXT    NOT NULL,
    metadata_json         TEXT    NOT NULL,
    completed_nodes       INTEGER NOT NULL,
    failed_nodes          INTEGER NOT NULL,
    running_nodes         INTEGER NOT NULL,
    reported_progress     REAL    NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    last_activity_at      INTEGER NOT NULL,
    started_at            INTEGER,
    finished_at           INTEGER,
    last_node_finished_at INTEGER,
    expires_at            INTEGER NOT NULL,
    version               INTEGER NOT NULL,
    reason                TEXT,
    history_json          TEXT    NOT NULL,
    idempotency_key       TEXT UNIQUE,
    request_fingerprint   TEXT
);
-- Cleanup walks expiry order; the listing pages newest first, optionally of one status.
CREATE INDEX batch_session_by_expiry ON batch_session (expires_at, id);
CREATE INDEX batch_session_by_creation ON batch_session (created_at DESC, id);
CREATE INDEX batch_session_by_status ON batch_session (status, created_at DESC, id);

CREATE TABLE batch_node (
    session_id  TEXT    NOT NULL REFERENCES batch_session (id) ON DELETE CASCADE,
    node_id     TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    result_json TEXT,
    error       TEXT,
    started_at  INTEGER,
    finished_at INTEGER,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (session_id, node_id)
) WITHOUT ROWID;
CREATE INDEX batch_node_by_status ON batch_node (session_id, status, node_id);

CREATE TABLE batch_tombstone (
    id         TEXT    NOT NULL PRIMARY KEY,
    reason     TEXT    NOT NULL,
    gone_at    INTEGER NOT NULL,
    keep_until INTEGER NOT NULL
);
CREATE INDEX batch_tombstone_by_keep_until ON batch_tombstone (keep_until);

-- Totals (created, removed by reason), a few rows per name so concurrent writers spread out; readers sum.
CREATE TABLE batch_totals (
    name  TEXT    NOT NULL,
    shard INTEGER NOT NULL,
    total INTEGER NOT NULL,
    PRIMARY KEY (name, shard)
) WITHOUT ROWID;
