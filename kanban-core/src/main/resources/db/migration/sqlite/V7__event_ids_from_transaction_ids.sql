-- Nothing changes on SQLite: one writer at a time commits event ids in order. PostgreSQL's V7 makes its event ids
-- follow transaction ids; both folders keep the same versions, so one version number means one layout.
SELECT 1;
