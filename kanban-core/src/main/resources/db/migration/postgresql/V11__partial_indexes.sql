-- PostgreSQL only: every UPDATE that changes a card's status (or a run's) adds an entry to every index of its row.
-- Most cards have no tenant and no idempotency key, and the only runs looked up by status are the running ones,
-- so these three indexes keep entries only for rows a lookup can find; queries that filter on tenant = ?,
-- idempotency_key = ? or status = 'running' still use them (docs/design/event-log.md, "Index entries a cycle
-- writes"). SQLite changes only the indexes whose columns change, and keeps the reference's layout.
DROP INDEX IF EXISTS idx_tasks_tenant;
CREATE INDEX idx_tasks_tenant ON tasks(tenant) WHERE tenant IS NOT NULL;
DROP INDEX IF EXISTS idx_tasks_idempotency;
CREATE INDEX idx_tasks_idempotency ON tasks(idempotency_key) WHERE idempotency_key IS NOT NULL;
DROP INDEX IF EXISTS idx_runs_status;
CREATE INDEX idx_runs_status ON task_runs(status) WHERE status = 'running';
