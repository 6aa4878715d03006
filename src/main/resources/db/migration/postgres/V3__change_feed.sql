-- The collection's change feed (SessionStore.changesAfter). Every insert, versioned update and removal sets
-- change_seq to its own transaction id (pg_current_xact_id, as bigint); a reader returns only rows below the
-- oldest transaction still running, so a position never skips a write that commits later. Rows written before
-- this migration keep 0: they are in every listing and never in a feed.
ALTER TABLE batch_session ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE batch_tombstone ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
CREATE INDEX batch_session_by_change ON batch_session (change_seq);
CREATE INDEX batch_tombstone_by_change ON batch_tombstone (change_seq);
