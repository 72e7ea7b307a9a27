-- The reference's per-card reasoning effort (HERMES-UPSTREAM §5 worker argv --reasoning, §7 tasks.reasoning_effort).
-- A board the current reference wrote has the column already, and SQLite cannot ADD COLUMN IF NOT EXISTS: the board
-- opener sets the placeholder to "--" for a column the board has (see V8__model_overrides.sql and SqliteSchema).
-- Numbered 10: V9 is kept for another branch's migration.
${skip_reasoning_effort}ALTER TABLE tasks ADD COLUMN reasoning_effort TEXT;
