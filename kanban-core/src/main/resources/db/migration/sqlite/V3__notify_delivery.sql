-- Notification delivery: our columns on the reference's subscription table. Only additions with defaults, so rows
-- the reference kernel inserts (with its seven columns) stay valid and get sensible values.

-- A short stable id people and URLs use to name one subscription ('n_' + 12 hex).
ALTER TABLE kanban_notify_subs ADD COLUMN sub_id TEXT;
-- What the subscription covers: 'task' (task_id, optionally its descendants), 'board' or 'tenant'.
ALTER TABLE kanban_notify_subs ADD COLUMN scope TEXT NOT NULL DEFAULT 'task';
ALTER TABLE kanban_notify_subs ADD COLUMN scope_tenant TEXT;
ALTER TABLE kanban_notify_subs ADD COLUMN with_descendants INTEGER NOT NULL DEFAULT 0;
-- Comma-separated event kinds to deliver; NULL means the default set.
ALTER TABLE kanban_notify_subs ADD COLUMN event_kinds TEXT;
-- Which notifier host delivers this subscription now, and until when (epoch seconds).
ALTER TABLE kanban_notify_subs ADD COLUMN lease_owner TEXT;
ALTER TABLE kanban_notify_subs ADD COLUMN lease_expires INTEGER;
-- Delivery failures in a row, when the next attempt may run, and the last failure (never a URL or secret).
ALTER TABLE kanban_notify_subs ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kanban_notify_subs ADD COLUMN retry_at INTEGER;
ALTER TABLE kanban_notify_subs ADD COLUMN last_error TEXT;

UPDATE kanban_notify_subs SET sub_id = 'n_' || lower(hex(randomblob(6))) WHERE sub_id IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS idx_subs_sub_id ON kanban_notify_subs(sub_id);

-- Rows inserted without an id (the reference kernel's subscribe) get one at once.
CREATE TRIGGER IF NOT EXISTS trg_subs_sub_id AFTER INSERT ON kanban_notify_subs
WHEN NEW.sub_id IS NULL
BEGIN
    UPDATE kanban_notify_subs SET sub_id = 'n_' || lower(hex(randomblob(6))) WHERE rowid = NEW.rowid;
END;
