-- Mirrors db/migration/sqlite/V5: the review lane, scheduling and typed blocks.
-- The reference's columns for the same facts (PostgreSQL can skip a column that is there).
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS block_kind TEXT;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS block_recurrences INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS max_retries INTEGER;

-- Ours: when a scheduled task is due (epoch seconds); the dispatcher wakes it once.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS scheduled_until BIGINT;
CREATE INDEX IF NOT EXISTS idx_tasks_scheduled_until ON tasks(scheduled_until) WHERE scheduled_until IS NOT NULL;
