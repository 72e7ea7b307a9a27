-- Notification delivery: the same additions to the subscription table as the SQLite V3, so both layouts stay one
-- logical schema. PostgreSQL computes the short id in a column default where SQLite needs a trigger.

ALTER TABLE kanban_notify_subs ADD COLUMN sub_id TEXT DEFAULT ('n_' || substr(md5(random()::text || clock_timestamp()::text), 1, 12));
ALTER TABLE kanban_notify_subs ADD COLUMN scope TEXT NOT NULL DEFAULT 'task';
ALTER TABLE kanban_notify_subs ADD COLUMN scope_tenant TEXT;
ALTER TABLE kanban_notify_subs ADD COLUMN with_descendants INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kanban_notify_subs ADD COLUMN event_kinds TEXT;
ALTER TABLE kanban_notify_subs ADD COLUMN lease_owner TEXT;
ALTER TABLE kanban_notify_subs ADD COLUMN lease_expires BIGINT;
ALTER TABLE kanban_notify_subs ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kanban_notify_subs ADD COLUMN retry_at BIGINT;
ALTER TABLE kanban_notify_subs ADD COLUMN last_error TEXT;

CREATE UNIQUE INDEX idx_subs_sub_id ON kanban_notify_subs(sub_id);
