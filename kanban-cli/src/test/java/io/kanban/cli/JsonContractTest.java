package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The field names scripts rely on (documented in kanban-cli/README.md), in order. */
class JsonContractTest {
    static final List<String> TASK = List.of("id", "title", "body", "assignee", "status", "priority", "tenant",
            "workspace_kind", "workspace_path", "created_by", "created_at", "started_at", "completed_at", "result",
            "skills", "idempotency_key", "max_runtime_seconds", "claim_lock", "claim_expires", "worker_pid",
            "last_heartbeat_at", "current_run_id", "consecutive_failures", "last_failure_error");
    static final List<String> RUN = List.of("id", "task_id", "profile", "status", "outcome", "claim_lock",
            "claim_expires", "worker_pid", "max_runtime_seconds", "last_heartbeat_at", "started_at", "ended_at",
            "summary", "metadata", "error", "log_path");

    @TempDir
    Path dir;

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void task_run_and_show_documents_keep_their_field_names() {
        Cli cli = new Cli(dir.resolve("b.db"));
        String parent = cli.create("parent");
        String id = cli.create("child", "--parent", parent, "--assignee", "dev");
        cli.run("complete", parent, "--summary", "ok");
        cli.run("comment", id, "note");
        JsonNode claim = cli.run("claim", id, "--json").json();
        assertEquals(List.of("task", "run"), fields(claim));
        assertEquals(TASK, fields(claim.get("task")));
        assertEquals(RUN, fields(claim.get("run")));
        JsonNode show = cli.run("show", id, "--json").json();
        assertEquals(List.of("task", "parents", "children", "comments", "events", "runs"), fields(show));
        assertEquals(TASK, fields(show.get("parents").get(0)));
        assertEquals(List.of("id", "task_id", "author", "body", "created_at"), fields(show.get("comments").get(0)));
        assertEquals(List.of("id", "task_id", "run_id", "kind", "payload", "created_at"),
                fields(show.get("events").get(0)));
        assertEquals(parent, show.get("events").get(0).get("payload").get("parents").get(0).asText(),
                "payloads are JSON, not strings");
        assertEquals(List.of("task", "existing"), fields(cli.run("create", "x", "--json").json()));
        assertEquals(TASK, fields(cli.run("list", "--json").json().get(0)));
        assertEquals(List.of("by_status", "by_assignee", "oldest_ready_age_seconds", "now", "stuck"),
                fields(cli.run("stats", "--json").json()));
        assertEquals(List.of("task", "parents", "comments", "runs"), fields(cli.run("context", id, "--json").json()));
    }
}
