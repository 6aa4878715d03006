-- The collection's change feed (SessionStore.changesAfter). Every insert, versioned update and removal numbers
-- itself from the counter row ('change_seq' in batch_totals) in its own transaction; SQLite has one writer, so
-- every number at or below the committed counter is visible. Rows written before this migration keep 0.
ALTER TABLE batch_session ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batch_tombstone ADD COLUMN change_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX batch_session_by_change ON batch_session (change_seq);
CREATE INDEX batch_tombstone_by_change ON batch_tombstone (change_seq);
