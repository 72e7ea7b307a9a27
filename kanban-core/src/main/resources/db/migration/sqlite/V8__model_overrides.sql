-- Per-card model and provider overrides (HERMES-UPSTREAM §1 set-model, §5 worker argv, §7 tasks columns).
-- The reference's own columns: a board its current kernel wrote has them already, and SQLite cannot
-- ADD COLUMN IF NOT EXISTS, so each ALTER has a placeholder the board opener sets to "--" for a column the board has
-- (see V5__workflow.sql and SqliteSchema).
${skip_model_override}ALTER TABLE tasks ADD COLUMN model_override TEXT;
${skip_provider_override}ALTER TABLE tasks ADD COLUMN provider_override TEXT;
