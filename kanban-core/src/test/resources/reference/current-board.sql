-- A board as the current reference (Hermes) kernel lays it out, written from HERMES-UPSTREAM §7: no migration
-- history; tasks has the later columns (consecutive_failures, block_kind, block_recurrences, max_retries, ...)
-- and no spawn_failures/last_spawn_error; task_runs has worker_started_at. It holds a review card (an implementer's
-- run closed as review_requested), a card a reviewer run holds (claimed from review), a scheduled card and a card
-- blocked twice with the same kind.
CREATE TABLE tasks (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, body TEXT, assignee TEXT, status TEXT NOT NULL,
    priority INTEGER DEFAULT 0, created_by TEXT, created_at INTEGER NOT NULL, started_at INTEGER,
    completed_at INTEGER, workspace_kind TEXT NOT NULL DEFAULT 'scratch', workspace_path TEXT, claim_lock TEXT,
    claim_expires INTEGER, tenant TEXT, result TEXT, idempotency_key TEXT, worker_pid INTEGER,
    max_runtime_seconds INTEGER, last_heartbeat_at INTEGER, current_run_id INTEGER, workflow_template_id TEXT,
    current_step_key TEXT, skills TEXT, branch_name TEXT, project_id TEXT, consecutive_failures INTEGER DEFAULT 0,
    last_failure_error TEXT, worker_started_at TEXT, model_override TEXT, provider_override TEXT,
    reasoning_effort TEXT, max_retries INTEGER, goal_mode INTEGER DEFAULT 0, goal_max_turns INTEGER,
    session_id TEXT, block_kind TEXT, block_recurrences INTEGER DEFAULT 0, completion_contract TEXT);
CREATE TABLE task_links (parent_id TEXT NOT NULL, child_id TEXT NOT NULL, PRIMARY KEY (parent_id, child_id));
CREATE TABLE task_comments (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, author TEXT NOT NULL,
    body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE task_events (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, run_id INTEGER,
    kind TEXT NOT NULL, payload TEXT, created_at INTEGER NOT NULL);
CREATE TABLE task_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, task_id TEXT NOT NULL, profile TEXT, step_key TEXT,
    status TEXT NOT NULL, claim_lock TEXT, claim_expires INTEGER, worker_pid INTEGER, max_runtime_seconds INTEGER,
    last_heartbeat_at INTEGER, started_at INTEGER NOT NULL, ended_at INTEGER, outcome TEXT, summary TEXT,
    metadata TEXT, error TEXT, worker_started_at TEXT);
CREATE TABLE kanban_notify_subs (task_id TEXT NOT NULL, platform TEXT NOT NULL, chat_id TEXT NOT NULL,
    thread_id TEXT NOT NULL DEFAULT '', user_id TEXT, created_at INTEGER NOT NULL,
    last_event_id INTEGER NOT NULL DEFAULT 0, user_id_alt TEXT, chat_type TEXT, notifier_profile TEXT,
    delivery_mode TEXT DEFAULT 'notify', delivery_metadata TEXT, last_ping_event_id INTEGER,
    PRIMARY KEY (task_id, platform, chat_id, thread_id));
CREATE INDEX idx_tasks_status ON tasks(status);
CREATE INDEX idx_task_events_run ON task_events(run_id, id);
CREATE INDEX idx_tasks_session_id ON tasks(session_id);

INSERT INTO tasks (id, title, assignee, status, priority, created_by, created_at, max_retries)
VALUES ('t_aaaa0001', 'feature in review', 'reviewer', 'review', 1, 'user', 1767600000, 3),
       ('t_aaaa0002', 'after the freeze', 'coder', 'scheduled', 0, 'user', 1767600010, NULL),
       ('t_aaaa0004', 'needs input again', 'coder', 'blocked', 0, 'user', 1767600030, NULL);
UPDATE tasks SET block_kind = 'needs_input', block_recurrences = 1 WHERE id = 't_aaaa0004';
UPDATE tasks SET model_override = 'anthropic/claude-opus-4', provider_override = 'openrouter' WHERE id = 't_aaaa0002';
INSERT INTO tasks (id, title, assignee, status, priority, created_at, started_at, claim_lock, claim_expires,
                   current_run_id)
VALUES ('t_aaaa0003', 'reviewer at work', 'reviewer', 'running', 0, 1767600020, 1767600200, 'refhost:77',
        1767601100, 3);
INSERT INTO task_runs (id, task_id, profile, status, started_at, ended_at, outcome, summary)
VALUES (1, 't_aaaa0001', 'coder', 'review_requested', 1767600100, 1767600150, 'review_requested', 'built it'),
       (2, 't_aaaa0003', 'coder', 'review_requested', 1767600120, 1767600180, 'review_requested', 'v1');
INSERT INTO task_runs (id, task_id, profile, status, claim_lock, claim_expires, started_at)
VALUES (3, 't_aaaa0003', 'reviewer', 'running', 'refhost:77', 1767601100, 1767600200);
INSERT INTO task_events (task_id, run_id, kind, payload, created_at)
VALUES ('t_aaaa0001', 1, 'review_requested', '{"summary": "built it", "implementer": "coder", "reviewer": "reviewer", "artifacts": []}', 1767600150),
       ('t_aaaa0003', 2, 'review_requested', '{"summary": "v1", "implementer": "coder", "reviewer": "reviewer", "artifacts": []}', 1767600180),
       ('t_aaaa0003', 3, 'claimed', '{"lock": "refhost:77", "expires": 1767601100, "run_id": 3, "source_status": "review"}', 1767600200),
       ('t_aaaa0002', NULL, 'scheduled', '{"reason": "SCHEDULED_UNTIL=2026-02-01T00:00:00Z"}', 1767600210),
       ('t_aaaa0004', NULL, 'blocked', '{"reason": "which API?", "kind": "needs_input"}', 1767600220);
