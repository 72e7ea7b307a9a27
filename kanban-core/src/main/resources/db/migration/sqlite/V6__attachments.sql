-- Files on cards: the reference's task_attachments table, column for column (HERMES-UPSTREAM section 3). The bytes
-- of a SQLite board live beside it, at stored_path (<attachments root>/<task_id>/<name>). IF NOT EXISTS: a board
-- adopted from a current reference kernel may already have the table, and the reference's own CREATE finds ours.
-- V6 follows V4: V5 is reserved for the review and scheduled workflow.
CREATE TABLE IF NOT EXISTS task_attachments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id       TEXT NOT NULL,
    filename      TEXT NOT NULL,
    stored_path   TEXT NOT NULL,
    content_type  TEXT,
    size          INTEGER NOT NULL DEFAULT 0,
    uploaded_by   TEXT,
    created_at    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_attachments_task ON task_attachments(task_id, created_at);
