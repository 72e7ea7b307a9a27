-- Mirrors db/migration/sqlite/V8: the reference's per-card model and provider overrides.
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS model_override TEXT;
ALTER TABLE tasks ADD COLUMN IF NOT EXISTS provider_override TEXT;
