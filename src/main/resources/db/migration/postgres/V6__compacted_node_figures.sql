-- What analytics reads of a compacted session's nodes (issue 13), written by the compaction that packs them: the
-- packed value is opaque to SQL, so its node figures are kept beside it, small enough not to undo the packing.
-- Node execution times as a histogram (store.ExecutionBuckets: exact below 16 ms, then 8 buckets per power of two),
-- one row per bucket: its lower bound in ms, how many nodes fell in it, and the longest of them (so the maximum
-- stays exact).
CREATE TABLE batch_node_time (
    session_id uuid    NOT NULL REFERENCES batch_session (id) ON DELETE CASCADE,
    bucket     bigint  NOT NULL,
    nodes      integer NOT NULL,
    longest    bigint  NOT NULL,
    PRIMARY KEY (session_id, bucket)
);
-- The failed nodes, with the error as compaction cut it and when each failed.
CREATE TABLE batch_node_failure (
    session_id uuid             NOT NULL REFERENCES batch_session (id) ON DELETE CASCADE,
    node_id    text COLLATE "C" NOT NULL,
    error      text,
    failed_at  timestamptz      NOT NULL,
    PRIMARY KEY (session_id, node_id)
);
-- Which packed rows have those figures: every pack from now on writes 1; rows packed before this version read 0,
-- and the store fills their figures in (from the packed value) before its first analytics report.
ALTER TABLE batch_node_packed ADD COLUMN summary smallint NOT NULL DEFAULT 0;
CREATE INDEX batch_node_packed_unsummarised ON batch_node_packed (session_id) WHERE summary = 0;
