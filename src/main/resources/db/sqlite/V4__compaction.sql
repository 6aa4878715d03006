-- Compaction (issue 13). compacted_at (microseconds, like every time here) is set once, by the conditional update
-- that drops the session's node results (SessionStore.compact); it is no versioned change, so neither version nor
-- change_seq moves.
ALTER TABLE batch_session ADD COLUMN compacted_at INTEGER;
-- Finished sessions not compacted yet, by finish: what compaction walks. A compacted session leaves the index.
CREATE INDEX batch_session_compactable ON batch_session (finished_at, id)
    WHERE finished_at IS NOT NULL AND compacted_at IS NULL;
