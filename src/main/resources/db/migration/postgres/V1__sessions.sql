-- JSON is kept as text, byte for byte as it came (jsonb would reorder keys). Node ids sort bytewise ("C"),
-- like the other stores, so cursors page identically everywhere.
CREATE TABLE batch_session (
    id                    uuid             NOT NULL PRIMARY KEY,
    canvas_path           text             NOT NULL,
    status                text             NOT NULL,
    node_count            integer          NOT NULL,
    groups_json           text             NOT NULL,
    metadata_json         text             NOT NULL,
    completed_nodes       integer          NOT NULL,
    failed_nodes          integer          NOT NULL,
    running_nodes         integer          NOT NULL,
    reported_progress     double precision NOT NULL,
    created_at            timestamptz      NOT NULL,
    updated_at            timestamptz      NOT NULL,
    last_activity_at      timestamptz      NOT NULL,
    started_at            timestamptz,
    finished_at           timestamptz,
    last_node_finished_at timestamptz,
    expires_at            timestamptz      NOT NULL,
    version               bigint           NOT NULL,
    reason                text,
    history_json          text             NOT NULL,
    idempotency_key       text UNIQUE,
    request_fingerprint   text
);
-- Cleanup walks expiry order; the listing pages newest first, optionally of one status.
CREATE INDEX batch_session_by_expiry ON batch_session (expires_at, id);
CREATE INDEX batch_session_by_creation ON batch_session (created_at DESC, id);
CREATE INDEX batch_session_by_status ON batch_session (status, created_at DESC, id);

CREATE TABLE batch_node (
    session_id  uuid        NOT NULL REFERENCES batch_session (id) ON DELETE CASCADE,
    node_id     text COLLATE "C" NOT NULL,
    status      text        NOT NULL,
    result_json text,
    error       text,
    started_at  timestamptz,
    finished_at timestamptz,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (session_id, node_id)
);
CREATE INDEX batch_node_by_status ON batch_node (session_id, status, node_id);

CREATE TABLE batch_tombstone (
    id         uuid        NOT NULL PRIMARY KEY,
    reason     text        NOT NULL,
    gone_at    timestamptz NOT NULL,
    keep_until timestamptz NOT NULL
);
CREATE INDEX batch_tombstone_by_keep_until ON batch_tombstone (keep_until);

-- Totals of the whole store (created, removed by reason), written in the same transactions as the rows they
-- count; a few rows per name so concurrent creates on several instances do not queue on one row.
CREATE TABLE batch_totals (
    name  text   NOT NULL,
    shard integer NOT NULL,
    total bigint NOT NULL,
    PRIMARY KEY (name, shard)
);
