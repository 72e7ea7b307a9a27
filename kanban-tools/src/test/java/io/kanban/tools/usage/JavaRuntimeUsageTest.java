package io.kanban.tools.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kanban.core.Board;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Status;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.tools.KanbanTools;
import io.kanban.tools.ToolDefinition;
import io.kanban.tools.ToolSession;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Java agent runtime that imports only the public registry API and drives a task to done the way a worker
 * model would: register the definitions, read the task, heartbeat, comment, fan out, complete.
 */
class JavaRuntimeUsageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The board the tests seed and check; its clock starts now, as the tools' own handles read the system clock. */
    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqliteFromNow();

    /** Stands in for an agent framework's tool table: name -> definition, called with JSON text. */
    static final class FakeRuntime {
        final Map<String, ToolDefinition> registered = new LinkedHashMap<>();
        String systemPrompt = "You are a helpful agent.";
    }

    @Test
    void a_runtime_registers_the_tools_and_a_worker_drives_its_task_to_done() throws Exception {
        Path file = scratch.file();
        Board board = scratch.board();
        ClaimedTask claim;
        String id = board.tasks().create(NewTask.titled("Add search to the docs site").assignee("webdev")
                .tenant("docs").build()).task().id();
        claim = board.claims().claim(id).orElseThrow();
        Map<String, String> env = Map.of(
                "HERMES_KANBAN_TASK", claim.task().id(),
                "HERMES_KANBAN_DB", file.toString(),
                "HERMES_KANBAN_RUN_ID", Long.toString(claim.run().id()),
                "HERMES_TENANT", "docs",
                "HERMES_PROFILE", "webdev");

        KanbanTools tools = KanbanTools.standard();
        FakeRuntime runtime = new FakeRuntime();
        tools.definitions(env).forEach(d -> runtime.registered.put(d.name(), d));
        tools.guidance(env).ifPresent(g -> runtime.systemPrompt += "\n\n" + g);
        assertEquals(13, runtime.registered.size(), "every worker tool");
        assertTrue(runtime.systemPrompt.contains(claim.task().id()));

        String childId;
        try (ToolSession session = tools.session(env)) {
            ObjectNode shown = (ObjectNode) JSON.readTree(session.call("kanban_show", "{}"));
            assertEquals("Add search to the docs site", shown.at("/task/title").asText());
            assertTrue(JSON.readTree(session.call("kanban_heartbeat", "{\"note\": \"indexing pages\"}"))
                    .get("ok").asBoolean());
            assertTrue(JSON.readTree(session.call("kanban_comment", "{\"body\": \"using lunr.js\"}"))
                    .get("ok").asBoolean());
            ObjectNode child = (ObjectNode) JSON.readTree(session.call("kanban_create",
                    "{\"title\": \"Review the search UI\", \"assignee\": \"designer\", \"parents\": [\""
                            + claim.task().id() + "\"], \"body\": \"Check the search box on mobile.\"}"));
            childId = child.get("task_id").asText();
            assertEquals("todo", child.get("status").asText());
            ObjectNode done = (ObjectNode) JSON.readTree(session.call("kanban_complete",
                    "{\"summary\": \"Search added with lunr.js; index built at build time.\","
                            + " \"metadata\": {\"files_changed\": 4}}"));
            assertTrue(done.get("ok").asBoolean(), done.toString());
        }

        assertEquals(Status.DONE, board.tasks().get(claim.task().id()).status());
        assertEquals(Status.READY, board.tasks().get(childId).status(), "the fan-out child is released");
        assertEquals("docs", board.tasks().get(childId).tenant());
        assertEquals(List.of("webdev"), board.comments().list(claim.task().id()).stream()
                .map(c -> c.author()).toList());
    }
}
