package io.kanban.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Lifecycle;
import io.kanban.core.boards.BoardMeta;
import io.kanban.core.boards.BoardSlug;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.model.Workspace;
import io.kanban.core.model.WorkspaceKind;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {
    static final Instant CREATED = Instant.parse("2026-03-02T10:00:00Z");
    static final ObjectMapper MAPPER = WireFormat.newMapper();

    static final List<String> TASK_FIELDS = List.of("id", "title", "body", "assignee", "status", "priority",
            "tenant", "workspace_kind", "workspace_path", "created_by", "created_at", "started_at", "completed_at",
            "result", "skills", "idempotency_key", "max_runtime_seconds", "claim_lock", "claim_expires",
            "worker_pid", "last_heartbeat_at", "current_run_id", "consecutive_failures", "last_failure_error",
            "block_kind", "block_recurrences", "max_retries", "scheduled_until", "model_override",
            "provider_override", "reasoning_effort");

    static Task task(String id, Status status) {
        return new Task(id, "Write the spec", "the **body**", "pm", status, 2, "acme", "cli", CREATED,
                CREATED.plusSeconds(60), null, new Workspace(WorkspaceKind.DIR, "/srv/repo"), "host:42",
                CREATED.plusSeconds(960), null, "key-1", 1, "spawn failed", 4242L, Duration.ofMinutes(30),
                CREATED.plusSeconds(90), 7L, List.of("java", "sql"), null, 0, null, null,
                "anthropic/claude-sonnet-4", "openrouter", "high");
    }

    static Run run(String metadata, Instant ended) {
        return new Run(7, "t_1", "pm", ended == null ? "running" : "done", null, null, 4242L, Duration.ofSeconds(300),
                null, CREATED.plusSeconds(60), ended, ended == null ? null : RunOutcome.COMPLETED, "did it", metadata,
                null, ended == null ? null : "/logs/t_1.log");
    }

    static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void a_task_has_every_column_in_order_with_times_as_epoch_seconds_and_durations_in_seconds() {
        JsonNode t = MAPPER.valueToTree(task("t_1", Status.RUNNING));
        assertEquals(TASK_FIELDS, fields(t));
        assertTrue(t.get("created_at").isIntegralNumber(), t.toString());
        assertEquals(CREATED.getEpochSecond(), t.get("created_at").asLong());
        assertEquals(CREATED.getEpochSecond() + 960, t.get("claim_expires").asLong());
        assertTrue(t.get("completed_at").isNull(), "absent values are null, not left out");
        assertEquals(1800, t.get("max_runtime_seconds").asInt());
        assertEquals("running", t.get("status").asText());
        assertEquals("dir", t.get("workspace_kind").asText());
        assertEquals("/srv/repo", t.get("workspace_path").asText());
        assertEquals("[\"java\",\"sql\"]", t.get("skills").toString());
    }

    @Test
    void a_run_carries_its_duration_and_whether_it_has_a_log_and_embeds_its_metadata() {
        JsonNode ended = MAPPER.valueToTree(run("{\"files\": 2}", CREATED.plusSeconds(135)));
        assertEquals(List.of("id", "task_id", "profile", "status", "outcome", "claim_lock", "claim_expires",
                "worker_pid", "max_runtime_seconds", "last_heartbeat_at", "started_at", "ended_at", "duration_seconds",
                "summary", "metadata", "error", "log_path", "has_log"), fields(ended));
        assertEquals(75, ended.get("duration_seconds").asLong());
        assertEquals(2, ended.at("/metadata/files").asInt(), "metadata is JSON, not a string");
        assertTrue(ended.get("has_log").asBoolean());
        assertEquals("completed", ended.get("outcome").asText());
        JsonNode open = MAPPER.valueToTree(run("files=2", null));
        assertTrue(open.get("duration_seconds").isNull());
        assertTrue(open.get("outcome").isNull());
        assertEquals("files=2", open.get("metadata").asText(), "text that does not parse stays a string");
        assertTrue(open.get("metadata").isTextual());
        assertTrue(!open.get("has_log").asBoolean());
    }

    @Test
    void comments_events_and_the_detail_keep_their_fields_in_order() {
        Comment c = new Comment(3, "t_1", "ann", "looks good", CREATED);
        Event withPayload = new Event(9, "t_1", 7L, "completed", "{\"summary\":\"ok\"}", CREATED);
        Event bare = new Event(10, "t_1", null, "promoted", null, CREATED);
        JsonNode comment = MAPPER.valueToTree(c);
        assertEquals(List.of("id", "task_id", "author", "body", "created_at"), fields(comment));
        assertEquals(CREATED.getEpochSecond(), comment.get("created_at").asLong());
        JsonNode event = MAPPER.valueToTree(withPayload);
        assertEquals(List.of("id", "task_id", "run_id", "kind", "payload", "created_at"), fields(event));
        assertEquals("ok", event.at("/payload/summary").asText());
        assertTrue(MAPPER.valueToTree(bare).get("payload").isNull());
        assertTrue(MAPPER.valueToTree(bare).get("run_id").isNull());

        TaskDetail d = new TaskDetail(task("t_1", Status.READY), List.of(task("t_0", Status.DONE)), List.of(),
                List.of(c), List.of(run(null, CREATED.plusSeconds(70))), List.of(withPayload, bare));
        JsonNode detail = MAPPER.valueToTree(d);
        assertEquals(List.of("task", "parents", "children", "comments", "events", "runs"), fields(detail));
        assertEquals(MAPPER.valueToTree(d.parents().get(0)), detail.at("/parents/0"), "a parent is a task record");
        assertEquals(comment, detail.at("/comments/0"));
        assertEquals(event, detail.at("/events/0"));
    }

    @Test
    void a_parents_output_is_its_task_plus_what_its_last_completed_run_reported() {
        Task parent = task("t_0", Status.DONE);
        Run failed = new Run(1, "t_0", "pm", "crashed", null, null, null, null, null, CREATED, CREATED.plusSeconds(5),
                RunOutcome.CRASHED, "partial", null, "worker died", null);
        Run done = run("{\"pages\": 4}", CREATED.plusSeconds(100));
        JsonNode out = MAPPER.valueToTree(ParentOutput.of(parent, List.of(done, failed)));
        List<String> expected = new ArrayList<>(TASK_FIELDS);
        expected.addAll(List.of("summary", "metadata"));
        assertEquals(expected, fields(out));
        assertEquals("did it", out.get("summary").asText(), "the crash after it reported nothing to build on");
        assertEquals(4, out.at("/metadata/pages").asInt());
        JsonNode none = MAPPER.valueToTree(ParentOutput.of(parent, List.of(failed)));
        assertTrue(none.get("summary").isNull() && none.get("metadata").isNull());
    }

    @Test
    void a_card_lists_the_lifecycles_moves_in_board_order() throws Exception {
        for (Status s : Status.values()) {
            JsonNode card = MAPPER.valueToTree(TaskCard.of(task("t_" + s.wire(), s)));
            List<String> moves = new ArrayList<>();
            card.get("moves").forEach(m -> moves.add(m.asText()));
            assertEquals(Lifecycle.targets(s).stream().map(Status::wire).collect(java.util.stream.Collectors.toSet()),
                    new HashSet<>(moves), "moves of " + s);
            List<String> inBoardOrder = BoardColumns.ORDER.stream().map(Status::wire).filter(moves::contains).toList();
            assertEquals(inBoardOrder, moves);
            assertEquals(CREATED.getEpochSecond(), card.get("created_at").asLong());
        }
        JsonNode card = MAPPER.valueToTree(TaskCard.of(task("t_1", Status.READY)));
        assertEquals(List.of("id", "title", "assignee", "status", "priority", "tenant", "skills", "created_at",
                "consecutive_failures", "last_failure_error", "scheduled_until", "completed_at", "moves"), fields(card));
        StringWriter streamed = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(streamed)) {
            CardWriter.write(TaskCard.of(task("t_1", Status.READY)), g);
        }
        assertEquals(MAPPER.writeValueAsString(TaskCard.of(task("t_1", Status.READY))), streamed.toString(),
                "streamed the same as through the mapper");
    }

    @Test
    void board_order_starts_with_the_columns_and_holds_every_status_once() {
        assertEquals(BoardColumns.COLUMNS, BoardColumns.ORDER.subList(0, BoardColumns.COLUMNS.size()));
        assertEquals(Status.values().length, new HashSet<>(BoardColumns.ORDER).size());
        assertEquals(Status.values().length, BoardColumns.ORDER.size());
        assertEquals(Lifecycle.columns(), BoardColumns.COLUMNS);
        assertEquals(List.of(Status.TRIAGE, Status.TODO, Status.READY), BoardColumns.INITIAL);
    }

    @Test
    void each_verb_lists_the_statuses_its_rows_apply_from_in_board_order() {
        assertEquals(List.of(Status.RUNNING), BoardColumns.VERBS.get("reclaim"));
        assertEquals(List.of(Status.TODO, Status.BLOCKED), BoardColumns.VERBS.get("promote"),
                "the dependency engine's row and a person's, as one verb");
        assertEquals(List.of(Status.READY, Status.RUNNING), BoardColumns.VERBS.get("request review"));
        assertEquals(List.of(Status.REVIEW), BoardColumns.VERBS.get("reopen review"));
        for (Lifecycle.Transition t : Lifecycle.Transition.values()) {
            assertTrue(BoardColumns.VERBS.get(t.action()).containsAll(t.from()), t.name());
        }
        BoardColumns.VERBS.forEach((verb, from) -> assertEquals(BoardColumns.ORDER.stream()
                .filter(from::contains).toList(), from, verb + " in board order"));
    }

    /** The reference's board.json fields in that file's order, then what a listing adds. */
    static final List<String> BOARD_FIELDS = List.of("slug", "name", "description", "icon", "color",
            "default_workdir", "project_id", "created_at", "archived", "is_current", "is_default", "counts", "total");

    @Test
    void a_board_as_listed_has_its_board_json_fields_then_its_flags_and_counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("ready", 2L);
        counts.put("done", 3L);
        BoardMeta meta = new BoardMeta("web", "Web site", "the site", "W", "#123456", "/srv/web", "proj-7",
                CREATED.getEpochSecond(), false);
        JsonNode b = MAPPER.valueToTree(BoardSummary.of(meta, true, counts));
        assertEquals(BOARD_FIELDS, fields(b));
        assertEquals("proj-7", b.get("project_id").asText());
        assertTrue(b.get("created_at").isIntegralNumber(), b.toString());
        assertEquals(CREATED.getEpochSecond(), b.get("created_at").asLong());
        assertFalse(b.get("archived").asBoolean());
        assertTrue(b.get("is_current").asBoolean());
        assertFalse(b.get("is_default").asBoolean(), "only the slug 'default' is the default board");
        assertEquals(List.of("ready", "done"), fields(b.get("counts")));
        assertEquals(5, b.get("total").asLong());

        JsonNode tombstone = MAPPER.valueToTree(BoardSummary.of(BoardMeta.fresh(BoardSlug.defaultBoard(), 0)
                .withArchived(true), false, Map.of()));
        assertTrue(tombstone.get("is_default").asBoolean());
        assertTrue(tombstone.get("archived").asBoolean());
        assertTrue(tombstone.get("project_id").isNull(), "absent values are null, never left out");
        assertTrue(tombstone.get("counts").isEmpty());
        assertEquals(0, tombstone.get("total").asLong());
    }

    @Test
    void instants_and_durations_anywhere_are_whole_seconds() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("now", CREATED.plusMillis(999));
        doc.put("ttl", Duration.ofMillis(90_500));
        doc.put("status", Status.BLOCKED);
        JsonNode n = MAPPER.valueToTree(doc);
        assertEquals(CREATED.getEpochSecond(), n.get("now").asLong());
        assertTrue(n.get("now").isIntegralNumber());
        assertEquals(90, n.get("ttl").asLong());
        assertEquals("blocked", n.get("status").asText());
    }
}
