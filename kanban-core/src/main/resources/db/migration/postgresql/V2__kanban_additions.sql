-- Mirrors db/migration/sqlite/V2: every version number means the same change on both backends.

-- Where the dispatcher sent the worker's output for this attempt.
ALTER TABLE task_runs ADD COLUMN log_path TEXT;

-- The dispatcher's queue: ready tasks in priority order, then age, then insertion order.
CREATE INDEX idx_tasks_queue ON tasks(status, priority DESC, created_at, rowid);
