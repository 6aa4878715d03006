-- Labels (issue 12). The session keeps its own copy for reading; batch_label has one row per label, with the
-- session's creation time, so a label-filtered page is a range scan of one index in listing order.
-- Sessions stored before this migration read as having no labels.
ALTER TABLE batch_session ADD COLUMN labels_json text NOT NULL DEFAULT '{}';

CREATE TABLE batch_label (
    session_id  uuid        NOT NULL REFERENCES batch_session (id) ON DELETE CASCADE,
    label_key   text COLLATE "C" NOT NULL,
    label_value text COLLATE "C" NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (session_id, label_key)
);
-- key=value selectors, and key-present selectors, each newest first.
CREATE INDEX batch_label_by_value ON batch_label (label_key, label_value, created_at DESC, session_id);
CREATE INDEX batch_label_by_key ON batch_label (label_key, created_at DESC, session_id);

-- Canvas path prefixes are ranges [prefix, successor) in byte order: the "C" collation, whatever the database's.
CREATE INDEX batch_session_by_canvas_path ON batch_session ((canvas_path COLLATE "C"), created_at DESC, id);
