package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.model.Status;
import io.kanban.core.model.TaskFilter;
import io.kanban.core.wire.ParentOutput;
import io.kanban.core.wire.WireFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The field names scripts rely on (documented in kanban-cli/README.md), in order, and that every record the CLI
 * prints is the core's wire format of that record, as the REST API and the agent tools print it too.
 */
class JsonContractTest {
    static final List<String> TASK = List.of("id", "title", "body", "assignee", "status", "priority", "tenant",
            "workspace_kind", "workspace_path", "created_by", "created_at", "started_at", "completed_at", "result",
            "skills", "idempotency_key", "max_runtime_seconds", "claim_lock", "claim_expires", "worker_pid",
            "last_heartbeat_at", "current_run_id", "consecutive_failures", "last_failure_error", "block_kind",
            "block_recurrences", "max_retries", "scheduled_until", "model_override", "provider_override", "reasoning_effort");
    static final List<String> RUN = List.of("id", "task_id", "profile", "status", "outcome", "claim_lock",
            "claim_expires", "worker_pid", "max_runtime_seconds", "last_heartbeat_at", "started_at", "ended_at",
            "duration_seconds", "summary", "metadata", "error", "log_path", "has_log");
    static final ObjectMapper WIRE = WireFormat.newMapper();

    @TempDir
    Path dir;

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** What the core's wire format writes for {@code record}, read back as JSON text is. */
    static JsonNode wire(Object record) throws Exception {
        return WIRE.readTree(WIRE.writeValueAsString(record));
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
        JsonNode context = cli.run("context", id, "--json").json();
        assertEquals(List.of("task", "parents", "comments", "runs", "attachments"), fields(context));
        List<String> parentOutput = new ArrayList<>(TASK);
        parentOutput.addAll(List.of("summary", "metadata"));
        assertEquals(parentOutput, fields(context.get("parents").get(0)));
    }

    @Test
    void show_runs_tail_and_context_print_the_core_wire_format_of_their_records() throws Exception {
        Path file = dir.resolve("b.db");
        Cli cli = new Cli(file);
        String parent = cli.create("design");
        cli.run("complete", parent, "--summary", "wrote it", "--metadata", "{\"pages\": 4}");
        String id = cli.create("build", "--parent", parent, "--assignee", "dev", "--skill", "java");
        cli.run("comment", id, "remember the tests");
        cli.run("claim", id);
        JsonNode show = cli.run("show", id, "--json").json();
        JsonNode runs = cli.run("runs", id, "--json").json();
        JsonNode tail = cli.run("tail", id, "--json").json();
        JsonNode context = cli.run("context", id, "--json").json();
        JsonNode list = cli.run("list", "--status", "ready,running", "--json").json();
        try (Board board = Board.open(file)) {
            assertEquals(wire(board.tasks().detail(id)), show);
            assertEquals(wire(board.runs().of(id)), runs);
            assertEquals(wire(board.events().since(0, 1000).stream().filter(e -> e.taskId().equals(id)).toList()),
                    tail);
            assertEquals(wire(List.of(ParentOutput.of(board.tasks().get(parent), board.runs().of(parent)))),
                    context.get("parents"));
            assertEquals(4, context.at("/parents/0/metadata/pages").asInt());
            assertEquals(wire(board.tasks().list(new TaskFilter(Set.of(Status.READY, Status.RUNNING), null, null,
                    false, 0))), list);
            assertEquals(1, list.size());
            long createdAt = board.tasks().get(id).createdAt().getEpochSecond();
            assertTrue(show.at("/task/created_at").isIntegralNumber(), show.toString());
            assertEquals(createdAt, show.at("/task/created_at").asLong(), "epoch seconds, as the board stores it");
        }
    }
}
