package io.kanban.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A worker started for card A may change only A, whether or not the dispatcher pinned its run: every changing tool
 * aimed at card B is refused and B is left exactly as it was. The run-ending tools also need the run itself.
 */
class OwnershipMatrixTest {
    @RegisterExtension
    final Fixture f = new Fixture();

    /** Each changing tool with arguments aimed at {@code B}, the card that is not the worker's. */
    private static final Map<String, String> AIMED_AT_B = Map.ofEntries(
            Map.entry("kanban_complete", "{'task_id': 'B', 'summary': 'done by the wrong worker'}"),
            Map.entry("kanban_block", "{'task_id': 'B', 'reason': 'blocked by the wrong worker'}"),
            Map.entry("kanban_schedule", "{'task_id': 'B', 'reason': 'parked by the wrong worker'}"),
            Map.entry("kanban_request_review", "{'task_id': 'B', 'summary': 'handed over by the wrong worker'}"),
            Map.entry("kanban_request_changes", "{'task_id': 'B', 'reason': 'sent back by the wrong worker'}"),
            Map.entry("kanban_heartbeat", "{'task_id': 'B', 'note': 'not mine'}"),
            Map.entry("kanban_attach", "{'task_id': 'B', 'filename': 'x.txt', 'content_base64': 'eA=='}"),
            Map.entry("kanban_attach_url", "{'task_id': 'B', 'url': 'https://example.com/x.txt'}"),
            Map.entry("kanban_unblock", "{'task_id': 'B'}"),
            Map.entry("kanban_link", "{'parent_id': 'A', 'child_id': 'B'}"));

    @Test
    void a_worker_for_a_cannot_change_b_with_any_tool_with_or_without_its_run_id() {
        ClaimedTask a = f.claimed("card A");
        ClaimedTask b = f.claimed("card B");
        Map<String, String> pinned = f.worker(a);
        Map<String, String> unpinned = f.worker(a.task().id());
        List<String> changing = KanbanTools.standard().names().stream()
                .filter(n -> !List.of("kanban_show", "kanban_list", "kanban_attachments", "kanban_create",
                        "kanban_comment").contains(n)).toList();
        assertEquals(new java.util.TreeSet<>(changing), new java.util.TreeSet<>(AIMED_AT_B.keySet()),
                "every changing tool is in the matrix");
        String before = snapshot(b.task().id());
        for (Map<String, String> env : List.of(pinned, unpinned)) {
            for (ToolAccess access : ToolAccess.values()) {
                for (Map.Entry<String, String> c : AIMED_AT_B.entrySet()) {
                    String args = c.getValue().replace("'B'", "'" + b.task().id() + "'")
                            .replace("'A'", "'" + a.task().id() + "'");
                    ObjectNode result;
                    try (ToolSession session = f.tools.session(env, f.board, access)) {
                        result = session.call(c.getKey(), Fixture.json(args));
                    }
                    String label = c.getKey() + " " + access + (env == pinned ? " with run id" : " without run id");
                    assertEquals(false, result.get("ok").asBoolean(), label + ": " + result);
                    assertTrue(List.of("not_your_task", "orchestrator_only", "tool_not_served")
                            .contains(result.get("code").asText()), label + ": " + result);
                    assertEquals(before, snapshot(b.task().id()), label + " left B unchanged");
                }
            }
        }
        assertEquals(Status.RUNNING, f.board.tasks().get(a.task().id()).status(), "A untouched too");
    }

    @Test
    void the_refusal_names_both_cards_and_points_to_comments_and_new_cards() {
        ClaimedTask a = f.claimed("card A");
        Task b = f.task("card B");
        ObjectNode result = f.call(f.worker(a), "kanban_complete", "{'task_id': '" + b.id() + "', 'summary': 'x'}");
        assertEquals("not_your_task", result.get("code").asText());
        assertEquals("task_id", result.get("field").asText());
        assertEquals("worker is scoped to task " + a.task().id() + "; refusing to mutate " + b.id() + ". Use"
                + " kanban_comment to hand off information to other tasks, or kanban_create to spawn follow-up work."
                + " Nothing changed.", result.get("error").asText());
    }

    @Test
    void comments_stay_the_handoff_channel_between_cards_signed_by_the_worker() {
        ClaimedTask a = f.claimed("card A");
        Task b = f.task("card B");
        ObjectNode result = f.call(f.worker(a.task().id()), "kanban_comment",
                "{'task_id': '" + b.id() + "', 'body': 'the schema is in A'}");
        assertTrue(result.get("ok").asBoolean(), result.toString());
        assertEquals("coder", f.board.comments().list(b.id()).get(0).author());
        ObjectNode forged = f.call(f.worker(a.task().id()), "kanban_comment",
                "{'task_id': '" + b.id() + "', 'body': 'x', 'author': 'hermes-system'}");
        assertEquals("unknown_field", forged.get("code").asText(), "the author comes from the environment only");
        assertEquals(1, f.board.comments().list(b.id()).size());
    }

    @Test
    void a_worker_links_its_own_card_or_one_it_created_as_the_child() {
        ClaimedTask a = f.claimed("card A");
        Map<String, String> worker = f.worker(a);
        ObjectNode made = f.call(worker, "kanban_create", "{'title': 'follow-up', 'assignee': 'writer'}");
        String created = made.get("task_id").asText();
        assertEquals(false, made.get("gated").asBoolean(), made.toString());
        assertEquals(0, made.get("gated_by").size(), made.toString());
        assertEquals("scratch", made.get("workspace_kind").asText());
        ObjectNode waiting = f.call(worker, "kanban_create", "{'title': 'after me', 'assignee': 'writer', 'parents': ['"
                + a.task().id() + "']}");
        assertEquals(true, waiting.get("gated").asBoolean(), waiting.toString());
        assertEquals("[\"" + a.task().id() + "\"]", waiting.get("gated_by").toString(), "the running parent holds it");
        assertEquals("coder", f.board.tasks().get(created).createdBy(), "created_by is the worker's profile");
        ObjectNode linked = f.call(worker, "kanban_link",
                "{'parent_id': '" + a.task().id() + "', 'child_id': '" + created + "'}");
        assertTrue(linked.get("ok").asBoolean(), linked.toString());
        assertEquals(Status.TODO, f.board.tasks().get(created).status());
        ObjectNode forged = f.call(worker, "kanban_create",
                "{'title': 'x', 'assignee': 'writer', 'created_by': 'lead'}");
        assertEquals("unknown_field", forged.get("code").asText(), "created_by comes from the environment only");
    }

    @Test
    void run_ending_tools_refuse_a_worker_without_its_run_id_and_change_nothing() {
        ClaimedTask a = f.claimed("card A");
        Map<String, String> unpinned = f.worker(a.task().id());
        String before = snapshot(a.task().id());
        for (String call : List.of("kanban_complete {'summary': 's'}", "kanban_block {'reason': 'r'}",
                "kanban_schedule {'reason': 'r'}", "kanban_request_review {'summary': 's'}",
                "kanban_request_changes {'reason': 'r'}")) {
            String[] parts = call.split(" ", 2);
            ObjectNode result = f.call(unpinned, parts[0], parts[1]);
            assertEquals("run_id_required", result.get("code").asText(), call + ": " + result);
            assertTrue(result.get("error").asText().contains("HERMES_KANBAN_RUN_ID"), result.toString());
            assertEquals(before, snapshot(a.task().id()), call);
        }
        assertTrue(f.call(unpinned, "kanban_heartbeat", "{}").get("ok").asBoolean(),
                "a heartbeat does not end the run and needs no run id");
    }

    /** Everything a tool could change on a card: the row, its events, comments, runs and attachments. */
    private String snapshot(String id) {
        var detail = f.board.tasks().detail(id);
        return io.kanban.core.wire.WireFormat.newMapper().valueToTree(detail.task()).toString() + detail.events().size() + "/"
                + detail.comments().size() + "/" + detail.runs() + "/" + f.board.attachments().list(id).size()
                + "/" + f.board.links().parents(id);
    }

}
