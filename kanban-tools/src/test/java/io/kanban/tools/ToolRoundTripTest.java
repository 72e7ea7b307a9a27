package io.kanban.tools;

import static io.kanban.tools.Fixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Comment;
import io.kanban.core.model.Completion;
import io.kanban.core.model.Event;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.model.WorkspaceKind;
import io.kanban.core.wire.ParentOutput;
import io.kanban.core.wire.WireFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Each tool against a real board file: what it returns, what it changes, and how it refuses bad calls. */
class ToolRoundTripTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final Fixture f = new Fixture();

    private static void assertError(ObjectNode result, String code, String field) {
        assertFalse(result.get("ok").asBoolean(), result.toString());
        assertEquals(code, result.get("code").asText(), result.toString());
        assertFalse(result.get("error").asText().isBlank());
        if (field == null) {
            assertFalse(result.has("field"), result.toString());
        } else {
            assertEquals(field, result.path("field").asText(), result.toString());
        }
    }

    // ---- kanban_show

    @Test
    void show_without_task_id_returns_the_workers_task_with_parent_output_comments_runs_and_events() {
        ClaimedTask claim = claimedChildOfAFinishedParent(f);
        Task child = claim.task();
        String parent = f.board.links().parents(child.id()).get(0);

        ObjectNode shown = f.call(f.worker(claim), "kanban_show", "{}");

        assertTrue(shown.get("ok").asBoolean(), shown.toString());
        assertEquals(child.id(), shown.at("/task/id").asText());
        assertEquals("running", shown.at("/task/status").asText());
        assertEquals(claim.run().id(), shown.at("/task/current_run_id").asLong());
        assertEquals(parent, shown.at("/parents/0/id").asText());
        assertEquals("done", shown.at("/parents/0/status").asText());
        assertEquals("API designed in api.md", shown.at("/parents/0/summary").asText());
        assertEquals("the full design", shown.at("/parents/0/result").asText());
        assertEquals(4, shown.at("/parents/0/metadata/pages").asInt());
        assertEquals("use the v2 endpoints", shown.at("/comments/0/body").asText());
        assertEquals("pm", shown.at("/comments/0/author").asText());
        assertEquals(1, shown.get("runs").size());
        assertEquals("running", shown.at("/runs/0/status").asText());
        assertTrue(shown.get("events").size() >= 2, "created and claimed at least");
        assertTrue(shown.at("/worker_context/is_your_task").asBoolean());
    }

    @Test
    void show_writes_every_record_in_the_core_wire_format_with_times_as_epoch_seconds() throws Exception {
        ClaimedTask claim = claimedChildOfAFinishedParent(f);
        Task child = claim.task();
        String parent = f.board.links().parents(child.id()).get(0);
        Task grandchild = f.board.tasks().create(io.kanban.core.model.NewTask.titled("document the API")
                .assignee("writer").parent(child.id()).build()).task();

        JsonNode shown = reparsed(f.call(f.worker(claim), "kanban_show", "{}"));

        assertEquals(List.of("ok", "task", "parents", "children", "comments", "events", "runs", "attachments",
                "worker_context"),
                fieldNames(shown));
        TaskDetail detail = f.board.tasks().detail(child.id());
        JsonNode expected = wire(detail);
        for (String part : List.of("task", "children", "comments", "events", "runs")) {
            assertEquals(expected.get(part), shown.get(part), part);
        }
        assertEquals(grandchild.id(), shown.at("/children/0/id").asText());
        assertEquals(wire(List.of(ParentOutput.of(f.board.tasks().get(parent), f.board.runs().of(parent)))),
                shown.get("parents"));
        assertTrue(shown.at("/task/created_at").isIntegralNumber(), shown.toString());
        assertEquals(f.clock.instant().getEpochSecond(), shown.at("/task/created_at").asLong());
    }

    private static final ObjectMapper WIRE = WireFormat.newMapper();

    /** A task whose parent finished with a summary, result and metadata, claimed by its worker, with a comment. */
    private static ClaimedTask claimedChildOfAFinishedParent(Fixture f) {
        ClaimedTask parent = f.claimed("design the API");
        f.board.claims().complete(parent.task().id(),
                new Completion("API designed in api.md", "the full design", "{\"pages\": 4}", null));
        Task child = f.board.tasks().create(io.kanban.core.model.NewTask.titled("implement the API")
                .assignee("coder").parent(parent.task().id()).build()).task();
        ClaimedTask claim = f.board.claims().claim(child.id()).orElseThrow();
        f.board.comments().add(child.id(), "pm", "use the v2 endpoints");
        return claim;
    }

    /** What the core's wire format writes for {@code record}, read back as JSON text. */
    private static JsonNode wire(Object record) throws Exception {
        return WIRE.readTree(WIRE.writeValueAsString(record));
    }

    /** A tool's result as the agent receives it: written out and read back. */
    private static JsonNode reparsed(JsonNode result) throws Exception {
        return WIRE.readTree(WIRE.writeValueAsString(result));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void show_of_another_task_by_id_and_of_an_unknown_task() {
        ClaimedTask mine = f.claimed("mine");
        Task other = f.task("other");

        ObjectNode shown = f.call(f.worker(mine), "kanban_show", "{'task_id': '" + other.id() + "'}");
        assertEquals(other.id(), shown.at("/task/id").asText());
        assertFalse(shown.at("/worker_context/is_your_task").asBoolean());

        ObjectNode missing = f.call(f.worker(mine), "kanban_show", "{'task_id': 't_000000000000'}");
        assertError(missing, "task_not_found", null);
        assertTrue(missing.get("error").asText().contains("t_000000000000"));
    }

    // ---- kanban_complete

    @Test
    void complete_closes_the_workers_run_with_summary_and_metadata() {
        ClaimedTask claim = f.claimed("write docs");

        ObjectNode done = f.call(f.worker(claim), "kanban_complete",
                "{'summary': 'Docs written to docs/guide.md.', 'metadata': {'files_changed': 2, 'tests': 'pass'}}");

        assertTrue(done.get("ok").asBoolean(), done.toString());
        assertEquals(claim.task().id(), done.get("task_id").asText());
        assertEquals(claim.run().id(), done.get("run_id").asLong());
        assertEquals("done", done.get("status").asText());
        assertEquals(Status.DONE, f.board.tasks().get(claim.task().id()).status());
        Run run = f.board.runs().get(claim.run().id());
        assertEquals(RunOutcome.COMPLETED, run.outcome());
        assertEquals("Docs written to docs/guide.md.", run.summary());
        assertEquals(2, Fixture.parse(run.metadata()).get("files_changed").asInt());
    }

    @Test
    void complete_with_result_only_stores_the_result() {
        ClaimedTask claim = f.claimed("answer");
        ObjectNode done = f.call(f.worker(claim), "kanban_complete", "{'result': '42'}");
        assertTrue(done.get("ok").asBoolean(), done.toString());
        assertEquals("42", f.board.tasks().get(claim.task().id()).result());
    }

    @Test
    void complete_refuses_a_call_without_summary_or_result_and_leaves_the_task_running() {
        ClaimedTask claim = f.claimed("work");
        assertError(f.call(f.worker(claim), "kanban_complete", "{'metadata': {'a': 1}}"), "missing_argument", "summary");
        assertError(f.call(f.worker(claim), "kanban_complete", "{'summary': 'x', 'metadata': [1, 2]}"),
                "invalid_argument", "metadata");
        assertError(f.call(f.worker(claim), "kanban_complete", "{'summary': '" + "s".repeat(4001) + "'}"),
                "oversize_text", "summary");
        assertEquals(Status.RUNNING, f.board.tasks().get(claim.task().id()).status());
        assertTrue(f.board.runs().get(claim.run().id()).isOpen());
    }

    @Test
    void complete_of_an_archived_task_is_a_wrong_state_error() {
        Task task = f.task("gone");
        f.board.tasks().archive(task.id());
        ObjectNode result = f.call(f.lead(), ToolAccess.TOOLSET, "kanban_complete",
                "{'task_id': '" + task.id() + "', 'summary': 'done'}");
        assertError(result, "illegal_transition", null);
        assertTrue(result.get("error").asText().contains("archived"), result.toString());
        assertEquals(Status.ARCHIVED, f.board.tasks().get(task.id()).status());
    }

    // ---- kanban_block

    @Test
    void block_closes_the_run_as_blocked_with_the_reason() {
        ClaimedTask claim = f.claimed("deploy");

        ObjectNode blocked = f.call(f.worker(claim), "kanban_block",
                "{'reason': 'Need the production DB password from ops (Alice).'}");

        assertTrue(blocked.get("ok").asBoolean(), blocked.toString());
        assertEquals(claim.run().id(), blocked.get("run_id").asLong());
        assertEquals("blocked", blocked.get("status").asText());
        assertEquals(Status.BLOCKED, f.board.tasks().get(claim.task().id()).status());
        Run run = f.board.runs().get(claim.run().id());
        assertEquals(RunOutcome.BLOCKED, run.outcome());
        assertEquals("Need the production DB password from ops (Alice).", run.error());
    }

    @Test
    void block_requires_a_non_empty_reason() {
        ClaimedTask claim = f.claimed("deploy");
        assertError(f.call(f.worker(claim), "kanban_block", "{}"), "missing_argument", "reason");
        assertError(f.call(f.worker(claim), "kanban_block", "{'reason': ''}"), "invalid_argument", "reason");
        assertEquals(Status.RUNNING, f.board.tasks().get(claim.task().id()).status());
    }

    // ---- kanban_heartbeat

    @Test
    void heartbeat_pushes_the_claim_expiry_a_full_ttl_ahead_and_records_the_note() {
        ClaimedTask claim = f.claimed("long build");
        f.clock.advance(Duration.ofMinutes(10));

        ObjectNode beat = f.call(f.worker(claim), "kanban_heartbeat", "{'note': 'compiling module 3 of 7'}");

        assertTrue(beat.get("ok").asBoolean(), beat.toString());
        long expected = f.clock.instant().plusSeconds(900).getEpochSecond();
        assertEquals(expected, beat.get("claim_expires").asLong());
        assertEquals(expected, f.board.tasks().get(claim.task().id()).claimExpires().getEpochSecond());
        List<Event> events = f.board.tasks().detail(claim.task().id()).events();
        assertTrue(events.stream().anyMatch(e -> e.kind().equals("heartbeat")
                && e.payload().contains("compiling module 3 of 7")), events.toString());
    }

    @Test
    void heartbeat_on_a_task_that_is_not_running_is_a_wrong_state_error() {
        Task ready = f.task("not started");
        assertError(f.call(f.worker(ready.id()), "kanban_heartbeat", "{}"), "illegal_transition", null);
    }

    // ---- kanban_comment

    @Test
    void comment_is_signed_with_the_profile_and_defaults_to_the_workers_task() {
        ClaimedTask claim = f.claimed("research");
        Task other = f.task("other");

        ObjectNode mine = f.call(f.worker(claim), "kanban_comment", "{'body': 'found the root cause'}");
        ObjectNode theirs = f.call(f.worker(claim), "kanban_comment",
                "{'task_id': '" + other.id() + "', 'body': 'heads-up: API changes'}");

        assertTrue(mine.get("ok").asBoolean(), mine.toString());
        assertEquals(claim.task().id(), mine.get("task_id").asText());
        Comment stored = f.board.comments().list(claim.task().id()).get(0);
        assertEquals(mine.get("comment_id").asLong(), stored.id());
        assertEquals("coder", stored.author());
        assertEquals("found the root cause", stored.body());
        assertEquals("heads-up: API changes", f.board.comments().list(other.id()).get(0).body());
    }

    @Test
    void comment_author_is_worker_without_a_profile_and_errors_name_the_problem() {
        ClaimedTask claim = f.claimed("research");
        Map<String, String> env = f.worker(claim);
        env.remove(ToolEnvironment.PROFILE);
        f.call(env, "kanban_comment", "{'body': 'hello'}");
        assertEquals("worker", f.board.comments().list(claim.task().id()).get(0).author());

        assertError(f.call(env, "kanban_comment", "{}"), "missing_argument", "body");
        assertError(f.call(env, "kanban_comment", "{'task_id': 't_ffffffffffff', 'body': 'x'}"),
                "task_not_found", null);
        assertError(f.call(env, "kanban_comment", "{'body': 'x', 'author': 'boss'}"), "unknown_field", "author");
        assertEquals(1, f.board.comments().list(claim.task().id()).size());
    }

    // ---- kanban_create

    @Test
    void create_fans_out_a_child_of_the_workers_task_with_every_argument_stored() {
        ClaimedTask claim = f.claimed("plan the release");
        String parent = claim.task().id();

        ObjectNode created = f.call(f.worker(claim), "kanban_create", "{'title': 'Write release notes',"
                + " 'assignee': 'writer', 'body': 'Cover every merged PR.', 'parents': ['" + parent + "'],"
                + " 'priority': 5, 'workspace_kind': 'dir', 'workspace_path': '/srv/repo', 'skills': ['markdown'],"
                + " 'max_runtime_seconds': 1800, 'idempotency_key': 'notes-1.2'}");

        assertTrue(created.get("ok").asBoolean(), created.toString());
        assertEquals("todo", created.get("status").asText(), "waits for its running parent");
        assertFalse(created.get("existing").asBoolean());
        Task task = f.board.tasks().get(created.get("task_id").asText());
        assertEquals("Write release notes", task.title());
        assertEquals("Cover every merged PR.", task.body());
        assertEquals("writer", task.assignee());
        assertEquals(5, task.priority());
        assertEquals(WorkspaceKind.DIR, task.workspace().kind());
        assertEquals("/srv/repo", task.workspace().path());
        assertEquals(List.of("markdown"), task.skills());
        assertEquals(Duration.ofSeconds(1800), task.maxRuntime());
        assertEquals("coder", task.createdBy());
        assertEquals(List.of(parent), f.board.links().parents(task.id()));

        ObjectNode again = f.call(f.worker(claim), "kanban_create",
                "{'title': 'Write release notes', 'assignee': 'writer', 'idempotency_key': 'notes-1.2'}");
        assertEquals(task.id(), again.get("task_id").asText());
        assertTrue(again.get("existing").asBoolean());
    }

    @Test
    void create_without_parents_is_ready_and_in_triage_when_asked() {
        ClaimedTask claim = f.claimed("plan");
        assertEquals("ready", f.call(f.worker(claim), "kanban_create",
                "{'title': 'a', 'assignee': 'writer'}").get("status").asText());
        assertEquals("triage", f.call(f.worker(claim), "kanban_create",
                "{'title': 'b', 'assignee': 'writer', 'triage': true}").get("status").asText());
    }

    @Test
    void create_refuses_bad_arguments_naming_them_and_creates_nothing() {
        ClaimedTask claim = f.claimed("plan");
        Map<String, String> env = f.worker(claim);
        assertError(f.call(env, "kanban_create", "{'assignee': 'writer'}"), "missing_argument", "title");
        assertError(f.call(env, "kanban_create", "{'title': 'x', 'assignee': 'writer', 'parents': ['t_nope']}"),
                "invalid_argument", "parents");
        assertError(f.call(env, "kanban_create", "{'title': 'x', 'assignee': 'two words'}"),
                "invalid_argument", "assignee");
        assertError(f.call(env, "kanban_create", "{'title': 'x', 'assignee': 'w', 'workspace_kind': 'dir'}"),
                "invalid_argument", "workspace_path");
        assertError(f.call(env, "kanban_create", "{'title': 'x', 'assignee': 'w', 'workspace_kind': 'cloud'}"),
                "invalid_argument", "workspace_kind");
        assertError(f.call(env, "kanban_create", "{'title': 'x', 'assignee': 'w', 'max_runtime_seconds': 0}"),
                "invalid_argument", "max_runtime_seconds");
        assertError(f.call(env, "kanban_create", "{'title': 'x', 'assignee': 'w', 'skills': ['a', 'a']}"),
                "invalid_argument", "skills");
        assertEquals(1, f.board.tasks().list(io.kanban.core.model.TaskFilter.all()).size());
    }

    // ---- kanban_link

    @Test
    void link_makes_the_child_wait_and_is_idempotent() {
        Task parent = f.task("build");
        Task child = f.task("ship");
        String args = "{'parent_id': '" + parent.id() + "', 'child_id': '" + child.id() + "'}";

        ObjectNode linked = f.call(f.lead(), ToolAccess.TOOLSET, "kanban_link", args);

        assertTrue(linked.get("ok").asBoolean(), linked.toString());
        assertEquals(parent.id(), linked.get("parent_id").asText());
        assertEquals(child.id(), linked.get("child_id").asText());
        assertTrue(linked.get("created").asBoolean());
        assertEquals(Status.TODO, f.board.tasks().get(child.id()).status());
        assertFalse(f.call(f.lead(), ToolAccess.TOOLSET, "kanban_link", args).get("created").asBoolean());
    }

    @Test
    void link_refuses_cycles_self_links_and_missing_ids() {
        Task a = f.task("a");
        Task b = f.task("b");
        Map<String, String> env = f.lead();
        f.call(env, ToolAccess.TOOLSET, "kanban_link", "{'parent_id': '" + a.id() + "', 'child_id': '" + b.id() + "'}");

        ObjectNode cycle = f.call(env, ToolAccess.TOOLSET, "kanban_link", "{'parent_id': '" + b.id() + "', 'child_id': '" + a.id() + "'}");
        assertError(cycle, "cycle", null);
        assertError(f.call(env, ToolAccess.TOOLSET, "kanban_link",
                "{'parent_id': '" + a.id() + "', 'child_id': '" + a.id() + "'}"), "invalid_argument", "child_id");
        assertError(f.call(env, ToolAccess.TOOLSET, "kanban_link", "{'parent_id': '" + a.id() + "'}"),
                "missing_argument", "child_id");
        assertError(f.call(env, ToolAccess.TOOLSET, "kanban_link",
                "{'parent_id': 't_missing', 'child_id': '" + a.id() + "'}"),
                "task_not_found", null);
        assertEquals(List.of(), f.board.links().parents(a.id()));
    }

    // ---- the registry around the tools

    @Test
    void unknown_tools_and_malformed_arguments_are_error_objects() {
        ClaimedTask claim = f.claimed("x");
        try (ToolSession session = f.tools.session(f.worker(claim), f.board)) {
            ObjectNode notJson = Fixture.parse(session.call("kanban_show", "{not json"));
            assertError(notJson, "invalid_argument", null);
            ObjectNode array = Fixture.parse(session.call("kanban_show", "[1, 2]"));
            assertError(array, "invalid_argument", null);
            assertError(session.call("kanban_delete", json("{}")), "unknown_tool", null);
            assertError(session.call("kanban_show", Fixture.JSON.getNodeFactory().textNode("t_1")),
                    "invalid_argument", null);
            ObjectNode empty = Fixture.parse(session.call("kanban_show", ""));
            assertTrue(empty.get("ok").asBoolean(), empty.toString());
        }
    }

    @Test
    void one_shot_calls_open_the_board_named_by_the_environment() {
        ClaimedTask claim = f.claimed("x");
        String result = KanbanTools.standard().call("kanban_comment", "{\"body\": \"via env\"}", f.worker(claim));
        assertTrue(Fixture.parse(result).get("ok").asBoolean(), result);
        assertEquals("via env", f.board.comments().list(claim.task().id()).get(0).body());
    }

    @Test
    void the_default_board_location_is_used_without_hermes_kanban_db() {
        ClaimedTask claim = f.claimed("x");
        Map<String, String> env = f.worker(claim);
        env.remove(ToolEnvironment.DB);
        env.put("HERMES_HOME", f.file.getParent().toString()); // the default location: $HERMES_HOME/kanban.db
        ObjectNode shown = KanbanTools.standard().call("kanban_show", Fixture.json("{}"), env);
        assertEquals(claim.task().id(), shown.at("/task/id").asText(), shown.toString());
    }

    @Test
    void hermes_kanban_db_may_be_a_jdbc_url() {
        ClaimedTask claim = f.claimed("x");
        Map<String, String> env = f.worker(claim);
        env.put(ToolEnvironment.DB, "jdbc:sqlite:" + f.file.toAbsolutePath());
        String result = KanbanTools.standard().call("kanban_comment", "{\"body\": \"via url\"}", env);
        assertTrue(Fixture.parse(result).get("ok").asBoolean(), result);
        assertEquals("via url", f.board.comments().list(claim.task().id()).get(0).body());

        // A server board is opened as one, never taken for a file name: unreachable, it is an error object.
        env.put(ToolEnvironment.DB, "jdbc:postgresql://127.0.0.1:1/nowhere?user=nobody&connectTimeout=1");
        ObjectNode failed = KanbanTools.standard().call("kanban_show", Fixture.json("{}"), env);
        assertFalse(failed.path("ok").asBoolean(true), failed.toString());
        assertFalse(Path.of("jdbc:postgresql:").toFile().exists());
    }

    @Test
    void a_missing_board_file_is_reported_and_not_created() {
        Map<String, String> env = f.worker("t_000000000001");
        Path missing = dir.resolve("typo.db");
        env.put(ToolEnvironment.DB, missing.toString());
        assertError(KanbanTools.standard().call("kanban_show", Fixture.json("{}"), env), "board_not_found", null);
        assertFalse(missing.toFile().exists());
    }

    @Test
    void a_file_that_is_not_a_board_gives_an_error_object() throws Exception {
        Path notABoard = dir.resolve("notes.txt");
        java.nio.file.Files.writeString(notABoard, "shopping list: milk, eggs\n".repeat(100));
        Map<String, String> env = f.worker("t_000000000001");
        env.put(ToolEnvironment.DB, notABoard.toString());
        ObjectNode result = KanbanTools.standard().call("kanban_show", Fixture.json("{}"), env);
        assertFalse(result.get("ok").asBoolean(), result.toString());
        assertFalse(result.get("code").asText().equals("internal_error"), result.toString());
    }

    @Test
    void a_garbled_run_id_in_the_environment_is_reported() {
        ClaimedTask claim = f.claimed("x");
        Map<String, String> env = f.worker(claim);
        env.put(ToolEnvironment.RUN_ID, "seven");
        assertError(f.call(env, "kanban_complete", "{'summary': 's'}"), "bad_environment", null);
        assertNull(f.board.tasks().get(claim.task().id()).completedAt());
    }
}
