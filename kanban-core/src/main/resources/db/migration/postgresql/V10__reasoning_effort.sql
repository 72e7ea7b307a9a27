-- Mirrors db/migration/sqlite/V10: the reference's per-card reasoning effort.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS reasoning_effort TEXT;
