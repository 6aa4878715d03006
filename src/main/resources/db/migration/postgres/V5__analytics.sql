-- Analytics (issue 13): a report reads the sessions that finished in a window, optionally of one canvas path.
-- Partial: running sessions (no finished_at) are never in a window and stay out of the index.
CREATE INDEX batch_session_by_finish ON batch_session (finished_at, canvas_path) WHERE finished_at IS NOT NULL;
