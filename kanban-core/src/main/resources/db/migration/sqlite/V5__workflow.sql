-- The review lane, scheduling and typed blocks (HERMES-UPSTREAM §1, §7).
-- The reference's own columns for the same facts: a board its current kernel wrote has them already, and SQLite
-- cannot ADD COLUMN IF NOT EXISTS. So each of them is preceded by a placeholder: the board opener passes "--"
-- (the statement becomes a comment) for a column the board has, an empty comment for one it lacks.
${skip_block_kind}ALTER TABLE tasks ADD COLUMN block_kind TEXT;
${skip_block_recurrences}ALTER TABLE tasks ADD COLUMN block_recurrences INTEGER NOT NULL DEFAULT 0;
${skip_max_retries}ALTER TABLE tasks ADD COLUMN max_retries INTEGER;

-- Ours: when a scheduled task is due (epoch seconds); the dispatcher wakes it once. The reference has no timer.
ALTER TABLE tasks ADD COLUMN scheduled_until INTEGER;
CREATE INDEX IF NOT EXISTS idx_tasks_scheduled_until ON tasks(scheduled_until) WHERE scheduled_until IS NOT NULL;
