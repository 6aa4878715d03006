-- Compaction (issue 13). compacted_at is set once, by the conditional update that drops the session's node
-- results (SessionStore.compact); it is no versioned change, so neither version nor change_seq moves.
ALTER TABLE batch_session ADD COLUMN compacted_at timestamptz;
-- Finished sessions not compacted yet, by finish: what compaction walks. A compacted session leaves the index.
CREATE INDEX batch_session_compactable ON batch_session (finished_at, id)
    WHERE finished_at IS NOT NULL AND compacted_at IS NULL;
-- A compacted session's nodes, packed into one value (store.PackedNodes: ids, statuses, times, cut errors), in
-- place of its batch_node rows: a row and two index entries per node would cost more than the packed node itself.
CREATE TABLE batch_node_packed (
    session_id uuid  NOT NULL PRIMARY KEY REFERENCES batch_session (id) ON DELETE CASCADE,
    nodes      bytea NOT NULL
);
