-- Mirrors db/migration/sqlite/V4: the claim queue's key under the reference's index name, one index fewer.
DROP INDEX IF EXISTS idx_tasks_queue;
DROP INDEX IF EXISTS idx_tasks_status;
CREATE INDEX idx_tasks_status ON tasks(status, priority DESC, created_at, rowid);
