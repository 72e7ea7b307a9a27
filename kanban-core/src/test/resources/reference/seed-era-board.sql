-- A board as the reference (Hermes) kernel lays it out in its first release, written from HERMES-FACTS §1:
-- no migration history, times in epoch seconds, untyped columns as TEXT, no consecutive_failures yet.
CREATE TABLE tasks (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT, assignee TEXT, status TEXT NOT NULL,
    priority INTEGER DEFAULT 0, created_by TEXT, created_at INTEGER NOT NULL, started_at INTEGER,
    completed_at INTEGER, workspace_kind TEXT NOT NULL DEFAULT 'scratch', workspace_path TEXT, claim_lock TEXT,
    claim_expires INTEGER, tenant TEXT, result TEXT, idempotency_key TEXT, spawn_failures INTEGER NOT NULL DEFAULT 0,
    worker_pid INTEGER, last_spawn_error TEXT, max_runtime_seconds INTEGER, last_heartbeat_at INTEGER,
    current_run_id INTEGER, workflow_template_id TEXT, current_step_key TEXT, skills TEXT);
CREATE TABLE task_links (parent_id TEXT NOT NULL, child_id TEXT NOT NULL, PRIMARY KEY (parent_id, child_id));
CREATE TABLE task_comments (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, author TEXT NOT NULL,
    body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE task_events (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, run_id INTEGER,
    kind TEXT NOT NULL, payload TEXT, created_at INTEGER NOT NULL);
CREATE TABLE task_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, profile TEXT, step_key TEXT,
    status TEXT NOT NULL, claim_lock TEXT, claim_expires INTEGER, worker_pid INTEGER, max_runtime_seconds INTEGER,
    last_heartbeat_at INTEGER, started_at INTEGER NOT NULL, ended_at INTEGER, outcome TEXT, summary TEXT,
    metadata TEXT, error TEXT);
CREATE TABLE kanban_notify_subs (task_id TEXT NOT NULL, platform TEXT NOT NULL, chat_id TEXT NOT NULL,
    thread_id TEXT NOT NULL DEFAULT '', user_id TEXT, created_at INTEGER NOT NULL,
    last_event_id INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (task_id, platform, chat_id, thread_id));
CREATE INDEX idx_tasks_assignee_status ON tasks(assignee, status);
CREATE INDEX idx_tasks_status ON tasks(status);
CREATE INDEX idx_tasks_tenant ON tasks(tenant);
CREATE INDEX idx_tasks_idempotency ON tasks(idempotency_key);
CREATE INDEX idx_task_links_child ON task_links(child_id);
CREATE INDEX idx_task_links_parent ON task_links(parent_id);
CREATE INDEX idx_task_comments_task ON task_comments(task_id, created_at);
CREATE INDEX idx_task_events_task ON task_events(task_id, created_at);
CREATE INDEX idx_task_events_run ON task_events(run_id, id);
CREATE INDEX idx_task_runs_task ON task_runs(task_id, started_at);
CREATE INDEX idx_task_runs_status ON task_runs(status);
CREATE INDEX idx_notify_subs_task ON kanban_notify_subs(task_id);

-- One task in every status; a graph spec -> build (todo) -> review (todo); a running task with its open run.
INSERT INTO tasks (id, title, body, assignee, status, priority, created_by, created_at, tenant, skills)
VALUES ('t_0a1b2c3d', 'triage me', NULL, NULL, 'triage', 0, 'user', 1767600000, NULL, NULL),
       ('t_11111111', 'write spec', 'the **spec**', 'pm', 'ready', 2, 'user', 1767600010, 'acme', '["kanban-worker"]'),
       ('t_22222222', 'build it', NULL, 'backend-eng', 'todo', 1, 'user', 1767600020, 'acme', '["git-ops","py"]'),
       ('t_33333333', 'review it', NULL, 'reviewer', 'todo', 0, 'user', 1767600030, 'acme', NULL),
       ('t_55555555', 'blocked on key', NULL, 'ops', 'blocked', 0, 'user', 1767600050, NULL, NULL),
       ('t_66666666', 'already done', NULL, 'writer', 'done', 0, 'user', 1767600060, NULL, NULL),
       ('t_77777777', 'old stuff', NULL, 'writer', 'archived', 0, 'user', 1767600070, NULL, NULL);
INSERT INTO tasks (id, title, assignee, status, priority, created_at, started_at, claim_lock, claim_expires,
                   worker_pid, current_run_id, workspace_kind, workspace_path, max_runtime_seconds)
VALUES ('t_44444444', 'in flight', 'researcher', 'running', 0, 1767600040, 1767600100, 'oldhost:901', 1767601000,
        902, 2, 'dir', '/srv/research', 3600);
UPDATE tasks SET completed_at = 1767600500, result = 'shipped' WHERE id = 't_66666666';
INSERT INTO task_links (parent_id, child_id) VALUES ('t_11111111', 't_22222222'), ('t_22222222', 't_33333333');
INSERT INTO task_runs (id, task_id, profile, status, started_at, ended_at, outcome, summary, metadata)
VALUES (1, 't_66666666', 'writer', 'done', 1767600400, 1767600500, 'completed', 'wrote it', '{"words": 900}');
INSERT INTO task_runs (id, task_id, profile, status, claim_lock, claim_expires, worker_pid, max_runtime_seconds,
                       started_at)
VALUES (2, 't_44444444', 'researcher', 'running', 'oldhost:901', 1767601000, 902, 3600, 1767600100);
INSERT INTO task_comments (task_id, author, body, created_at)
VALUES ('t_55555555', 'ops', 'need the deploy key', 1767600055);
INSERT INTO task_events (task_id, run_id, kind, payload, created_at)
VALUES ('t_11111111', NULL, 'created', '{"assignee": "pm", "status": "ready", "parents": [], "tenant": "acme", "skills": ["kanban-worker"]}', 1767600010),
       ('t_44444444', 2, 'claimed', '{"lock": "oldhost:901", "expires": 1767601000, "run_id": 2}', 1767600100),
       ('t_66666666', 1, 'completed', '{"result_len": 7, "summary": "wrote it"}', 1767600500),
       ('t_77777777', NULL, 'archived', NULL, 1767600600);
INSERT INTO kanban_notify_subs (task_id, platform, chat_id, thread_id, user_id, created_at, last_event_id)
VALUES ('t_11111111', 'telegram', '-100200', '', 'u1', 1767600011, 1);
