-- Nothing changes on SQLite: its event ids come from AUTOINCREMENT and follow copied rows by themselves.
-- PostgreSQL's V9 keeps the rule that bases its event ids in the database; this file keeps the versions aligned.
SELECT 1;
