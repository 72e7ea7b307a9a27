package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** kanban_list and kanban_unblock: served to an orchestrator (no card in scope), refused inside a worker. */
class OrchestratorToolsTest {
    @RegisterExtension
    final Fixture f = new Fixture();

    private Map<String, String> lead() {
        return f.lead();
    }

    private ObjectNode call(Map<String, String> env, ToolAccess access, String tool, String args) {
        return f.call(env, access, tool, args);
    }

    @Test
    void kanban_list_answers_compact_rows_with_links_and_the_reference_bounds() {
        Task parent = f.task("design the schema");
        Task child = f.board.tasks().create(NewTask.titled("write the migration").assignee("dba")
                .parents(List.of(parent.id())).build()).task();
        for (int i = 0; i < 3; i++) {
            f.task("extra " + i);
        }
        ObjectNode all = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{}");
        assertTrue(all.get("ok").asBoolean(), all.toString());
        assertEquals(5, all.get("count").asInt());
        assertEquals(50, all.get("limit").asInt());
        assertFalse(all.get("truncated").asBoolean());
        assertTrue(all.get("next_limit").isNull());
        assertEquals(0, all.get("promoted").asInt());
        JsonNode row = find(all, child.id());
        assertEquals("write the migration", row.get("title").asText());
        assertEquals("todo", row.get("status").asText());
        assertEquals("dba", row.get("assignee").asText());
        assertEquals(List.of(parent.id()), strings(row.get("parents")));
        assertEquals(1, row.get("parent_count").asInt());
        assertEquals(List.of(child.id()), strings(find(all, parent.id()).get("children")));
        assertFalse(row.has("body"), "compact rows: no body");

        ObjectNode two = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{'limit': 2}");
        assertEquals(2, two.get("count").asInt());
        assertTrue(two.get("truncated").asBoolean());
        assertEquals(4, two.get("next_limit").asInt());

        ObjectNode dba = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{'assignee': 'dba', 'status': 'todo'}");
        assertEquals(List.of(child.id()), ids(dba));
        ObjectNode none = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{'status': 'done'}");
        assertEquals(0, none.get("count").asInt());
    }

    @Test
    void kanban_list_refuses_bad_bounds_and_unknown_arguments_naming_them() {
        ObjectNode big = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{'limit': 201}");
        assertEquals("invalid_argument", big.get("code").asText());
        assertEquals("limit", big.get("field").asText());
        ObjectNode status = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{'status': 'lost'}");
        assertEquals("status", status.get("field").asText());
        ObjectNode unknown = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_list", "{'owner': 'x'}");
        assertEquals("unknown_field", unknown.get("code").asText());
        assertTrue(unknown.get("error").asText().endsWith("Nothing changed."), unknown.toString());
    }

    @Test
    void kanban_unblock_sends_a_blocked_card_back_to_ready() {
        ClaimedTask claim = f.claimed("needs a key");
        f.board.claims().block(claim.task().id(), "waiting for the API key", claim.run().id());
        ObjectNode done = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_unblock",
                "{'task_id': '" + claim.task().id() + "'}");
        assertTrue(done.get("ok").asBoolean(), done.toString());
        assertEquals("ready", done.get("status").asText());
        assertEquals(Status.READY, f.board.tasks().get(claim.task().id()).status());

        ObjectNode again = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_unblock",
                "{'task_id': '" + claim.task().id() + "'}");
        assertEquals("illegal_transition", again.get("code").asText(), again.toString());
        ObjectNode missing = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_unblock", "{}");
        assertEquals("missing_argument", missing.get("code").asText());
        assertEquals("task_id", missing.get("field").asText());
    }

    @Test
    void inside_a_worker_the_orchestrator_tools_are_hidden_and_refused_in_every_mode() {
        ClaimedTask mine = f.claimed("my card");
        Task blocked = f.task("someone's blocked card");
        f.board.claims().block(blocked.id(), "stuck", null);
        Map<String, String> worker = f.worker(mine);
        for (ToolAccess access : ToolAccess.values()) {
            ObjectNode list = call(worker, access, "kanban_list", "{}");
            assertEquals("orchestrator_only", list.get("code").asText(), access + " " + list);
            ObjectNode unblock = call(worker, access, "kanban_unblock", "{'task_id': '" + blocked.id() + "'}");
            assertEquals("orchestrator_only", unblock.get("code").asText(), access + " " + unblock);
            assertTrue(unblock.get("error").asText().contains("Nothing changed."));
        }
        assertEquals(Status.BLOCKED, f.board.tasks().get(blocked.id()).status());
        // The handlers refuse on their own too, should a runtime route a worker to them anyway.
        ToolContext ctx = new ToolContext(f.board, ToolEnvironment.from(worker), Fixture.JSON);
        ToolFailure refused = org.junit.jupiter.api.Assertions.assertThrows(ToolFailure.class,
                () -> new UnblockTool().call(ctx, Fixture.json("{'task_id': '" + blocked.id() + "'}")));
        assertEquals("orchestrator_only", refused.error().code());
        assertEquals(Status.BLOCKED, f.board.tasks().get(blocked.id()).status());
    }

    @Test
    void an_orchestrator_without_a_card_reads_a_hint_and_is_not_served_worker_verbs() {
        ObjectNode shown = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_show", "{}");
        assertTrue(shown.get("ok").asBoolean(), shown.toString());
        assertTrue(shown.get("current_task").isNull());
        assertTrue(shown.get("hint").asText().contains("kanban_list"));
        Task t = f.task("a card");
        ObjectNode complete = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_complete",
                "{'task_id': '" + t.id() + "', 'summary': 'x'}");
        assertEquals("tool_not_served", complete.get("code").asText(), complete.toString());
        assertEquals(Status.READY, f.board.tasks().get(t.id()).status());
        ObjectNode outside = call(lead(), ToolAccess.WORKER, "kanban_list", "{}");
        assertEquals("tools_unavailable", outside.get("code").asText(), "the default serves nothing outside a worker");
    }

    private static JsonNode find(ObjectNode list, String id) {
        for (JsonNode row : list.get("tasks")) {
            if (row.get("id").asText().equals(id)) {
                return row;
            }
        }
        throw new AssertionError(id + " not listed in " + list);
    }

    private static List<String> ids(ObjectNode list) {
        List<String> out = new ArrayList<>();
        list.get("tasks").forEach(r -> out.add(r.get("id").asText()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void kanban_create_pins_the_cards_model_and_provider_and_refuses_a_provider_alone() {
        ObjectNode made = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_create", "{'title': 'hard proof',"
                + " 'assignee': 'prover', 'model': 'anthropic/claude-opus-4', 'provider': 'openrouter'}");
        assertTrue(made.get("ok").asBoolean(), made.toString());
        Task task = f.board.tasks().get(made.get("task_id").asText());
        assertEquals("anthropic/claude-opus-4", task.modelOverride());
        assertEquals("openrouter", task.providerOverride());
        ObjectNode shown = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_show", "{'task_id': '" + task.id() + "'}");
        assertEquals("anthropic/claude-opus-4", shown.get("task").get("model_override").asText(), shown.toString());

        int cards = f.board.tasks().list(io.kanban.core.model.TaskFilter.all()).size();
        ObjectNode refused = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_create", "{'title': 'no model',"
                + " 'assignee': 'prover', 'provider': 'openrouter'}");
        assertFalse(refused.path("ok").asBoolean(true), refused.toString());
        assertEquals("provider", refused.get("field").asText(), refused.toString());
        assertTrue(refused.get("error").asText().contains("requires model"), refused.toString());
        ObjectNode flag = call(lead(), ToolAccess.ORCHESTRATOR, "kanban_create", "{'title': 'flag',"
                + " 'assignee': 'prover', 'model': '--help'}");
        assertEquals("model", flag.get("field").asText(), flag.toString());
        assertEquals(cards, f.board.tasks().list(io.kanban.core.model.TaskFilter.all()).size(), "nothing created");
    }
}
