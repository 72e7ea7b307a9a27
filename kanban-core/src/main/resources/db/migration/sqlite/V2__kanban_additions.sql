-- Our additions: extra columns with defaults and extra indexes only, so rows the reference writes stay valid.

-- Where the dispatcher sent the worker's output for this attempt.
ALTER TABLE task_runs ADD COLUMN log_path TEXT;

-- The dispatcher's queue: ready tasks in priority order, then age.
CREATE INDEX IF NOT EXISTS idx_tasks_queue ON tasks(status, priority DESC, created_at);
