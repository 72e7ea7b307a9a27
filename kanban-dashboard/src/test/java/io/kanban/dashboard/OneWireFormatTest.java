package io.kanban.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.cli.BoardOpener;
import io.kanban.cli.KanbanCli;
import io.kanban.core.model.Completion;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.TaskCard;
import io.kanban.core.model.TaskDetail;
import io.kanban.core.wire.WireFormat;
import io.kanban.tools.KanbanTools;
import io.kanban.tools.ToolEnvironment;
import io.kanban.tools.ToolSession;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every front end prints the same record the same way: REST's records are the core's wire format, and one task read
 * through REST, {@code kanban show --json} and the {@code kanban_show} tool is the same JSON, down to
 * {@code created_at} being one integer (it was an ISO string on REST and epoch seconds elsewhere).
 */
class OneWireFormatTest {
    static final ObjectMapper WIRE = WireFormat.newMapper();

    @RegisterExtension
    final Dashboard d = new Dashboard();

    /** What the core's wire format writes for {@code record}, read back as JSON text is. */
    static JsonNode wire(Object record) throws Exception {
        return WIRE.readTree(WIRE.writeValueAsString(record));
    }

    /** A parent done with a summary, a running child with a comment, and a grandchild: every record filled in. */
    private String board() {
        String parent = d.board.tasks().create(NewTask.titled("design").assignee("pm").build()).task().id();
        d.board.claims().claim(parent).orElseThrow();
        d.board.claims().complete(parent, new Completion("designed", "see api.md", "{\"pages\": 4}", null));
        String id = d.board.tasks().create(NewTask.titled("build").assignee("coder").parent(parent)
                .skills(List.of("java")).build()).task().id();
        d.board.tasks().create(NewTask.titled("document").assignee("writer").parent(id).build());
        d.board.claims().claim(id).orElseThrow();
        d.board.comments().add(id, "pm", "use the **v2** endpoints");
        return id;
    }

    @Test
    void the_task_detail_route_sends_the_wire_format_detail_and_card() throws Exception {
        String id = board();
        JsonNode detail = d.get("/api/tasks/" + id).expect(200).json();
        TaskDetail expected = d.board.tasks().detail(id);
        JsonNode record = detail.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) record).remove(List.of("card", "waiting_for"));
        assertEquals(wire(expected), record);
        assertEquals(wire(TaskCard.of(expected.task())), detail.get("card"));
        assertEquals(wire(d.board.tasks().waitingFor(id)), detail.get("waiting_for"));
    }

    @Test
    void the_list_routes_send_wire_format_records() throws Exception {
        String id = board();
        assertEquals(wire(d.board.runs().of(id)), d.get("/api/tasks/" + id + "/runs").expect(200).json().get("runs"));
        assertEquals(wire(d.board.comments().list(id)),
                d.get("/api/tasks/" + id + "/comments").expect(200).json().get("comments"));
        assertEquals(wire(d.board.events().forTask(id, 100)),
                d.get("/api/tasks/" + id + "/events").expect(200).json().get("events"));
        assertEquals(wire(d.board.tasks().assignees()), d.get("/api/assignees").expect(200).json().get("assignees"));
        JsonNode stats = d.get("/api/stats").expect(200).json();
        assertTrue(stats.get("now").isIntegralNumber(), stats.toString());
        assertEquals(wire(d.board.tasks().stats()).get("by_status"), stats.get("by_status"));
    }

    @Test
    void the_boards_of_a_home_read_the_same_through_rest_and_the_cli() throws Exception {
        try (Dashboard home = Dashboard.onHome()) {
            home.post("/api/boards", Dashboard.json(Map.of("slug", "web", "name", "Web site", "icon", "W")))
                    .expect(201);
            home.post("/api/tasks?board=web", Dashboard.json(Map.of("title", "a web card"))).expect(201);
            home.create("a default card");
            JsonNode rest = home.get("/api/boards").expect(200).json().get("boards");

            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = KanbanCli.run(new String[] {"boards", "list", "--json"}, BoardOpener.DEFAULT,
                    Map.of("HERMES_HOME", home.file.getParent().toString()), new ByteArrayInputStream(new byte[0]),
                    new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, code, err.toString());
            JsonNode cli = WIRE.readTree(out.toString());

            assertEquals(2, rest.size(), rest.toString());
            assertEquals(rest.size(), cli.size(), cli.toString());
            for (int i = 0; i < rest.size(); i++) {
                com.fasterxml.jackson.databind.node.ObjectNode board = cli.get(i).deepCopy();
                assertTrue(board.remove("db_path").isTextual(), "the CLI adds where the database is: " + board);
                assertEquals(rest.get(i), board, "REST and CLI: board " + i);
                assertTrue(board.has("project_id") && board.has("archived"), board.toString());
            }
            assertEquals(1, rest.at("/1/counts/ready").asLong(), rest.toString());
        }
    }

    @Test
    void one_task_reads_the_same_through_rest_the_cli_and_the_tools_created_at_included() throws Exception {
        String id = board();
        JsonNode rest = d.get("/api/tasks/" + id).expect(200).json();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KanbanCli.run(new String[] {"--db", d.file.toString(), "show", id, "--json"}, BoardOpener.DEFAULT,
                Map.of("HERMES_HOME", d.home.toString()), new ByteArrayInputStream(new byte[0]),
                new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        JsonNode cli = WIRE.readTree(out.toString());

        Map<String, String> worker = Map.of(ToolEnvironment.TASK, id, ToolEnvironment.DB, d.file.toString(),
                ToolEnvironment.PROFILE, "coder");
        JsonNode tool;
        try (ToolSession session = KanbanTools.standard().session(worker, d.board)) {
            tool = WIRE.readTree(session.call("kanban_show", "{\"task_id\": \"" + id + "\"}"));
        }
        assertTrue(tool.get("ok").asBoolean(), tool.toString());

        long createdAt = d.board.tasks().get(id).createdAt().getEpochSecond();
        for (JsonNode shown : List.of(rest, cli, tool)) {
            assertTrue(shown.at("/task/created_at").isIntegralNumber(), shown.toString());
            assertEquals(createdAt, shown.at("/task/created_at").asLong());
        }
        for (String part : List.of("task", "children", "comments", "events", "runs")) {
            assertEquals(rest.get(part), cli.get(part), "REST and CLI: " + part);
            assertEquals(rest.get(part), tool.get(part), "REST and tools: " + part);
        }
        assertEquals(rest.get("parents"), cli.get("parents"));
        assertEquals(rest.at("/parents/0/created_at"), tool.at("/parents/0/created_at"));
        assertEquals("designed", tool.at("/parents/0/summary").asText());
    }
}
