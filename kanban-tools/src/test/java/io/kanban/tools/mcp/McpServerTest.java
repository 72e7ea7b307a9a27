package io.kanban.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.model.ClaimedTask;
import io.kanban.core.model.NewTask;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.spi.ToolServerProvider;
import io.kanban.core.testing.ScratchBoard;
import io.kanban.tools.KanbanTools;
import io.kanban.tools.ToolDefinition;
import io.kanban.tools.ToolSession;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MCP server as an agent sees it: a child JVM spoken to over stdio by the SDK's own client. */
class McpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The board the tests seed and check; its clock starts now, as the servers' system clocks read. */
    @RegisterExtension
    final ScratchBoard scratch = ScratchBoard.onSqliteFromNow();

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code kanban mcp} in a child JVM as a worker for {@code taskId} on {@code file}; stderr to stderr.txt. */
    private Process startWorkerServer(Path file, String taskId) throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder(java());
        pb.command().addAll(serverArgs());
        pb.environment().put("HERMES_KANBAN_TASK", taskId);
        pb.environment().put("HERMES_KANBAN_DB", file.toString());
        pb.redirectError(scratch.dir().resolve("stderr.txt").toFile());
        return pb.start();
    }

    private static List<String> serverArgs() {
        return List.of("-cp", System.getProperty("java.class.path"), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                McpMain.class.getName());
    }

    private McpSyncClient client(Map<String, String> env) {
        ServerParameters params = ServerParameters.builder(java()).args(serverArgs()).env(env).build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON));
        transport.setStdErrorHandler(line -> System.err.println("[mcp server] " + line));
        return McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
    }

    @Test
    void an_mcp_client_lists_the_thirteen_tools_and_completes_a_task_over_stdio() {
        Path file = scratch.file();
        Board board = scratch.board();
        String id = board.tasks().create(NewTask.titled("ship it").assignee("coder").build()).task().id();
        ClaimedTask claim = board.claims().claim(id).orElseThrow();
        Map<String, String> env = new HashMap<>();
        env.put("HERMES_KANBAN_TASK", claim.task().id());
        env.put("HERMES_KANBAN_DB", file.toString());
        env.put("HERMES_KANBAN_RUN_ID", Long.toString(claim.run().id()));
        env.put("HERMES_PROFILE", "coder");

        McpSyncClient client = client(env);
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertEquals(McpToolServer.SERVER_NAME, init.serverInfo().name());
            assertTrue(init.instructions().contains("kanban_show"), "the worker guidance rides along");

            List<McpSchema.Tool> listed = client.listTools().tools();
            Map<String, ToolDefinition> ours = KanbanTools.standard().definitions(env).stream()
                    .collect(Collectors.toMap(ToolDefinition::name, d -> d));
            assertEquals(13, ours.size(), "every worker tool: the fifteen less kanban_list and kanban_unblock");
            assertEquals(KanbanTools.standard().definitions(env).stream().map(ToolDefinition::name).toList(),
                    listed.stream().map(McpSchema.Tool::name).toList(), "in the reference's order");
            for (McpSchema.Tool tool : listed) {
                ToolDefinition d = ours.get(tool.name());
                assertEquals(d.description(), tool.description());
                assertEquals(d.inputSchema(), JSON.valueToTree(tool.inputSchema()), tool.name() + " schema");
            }

            McpSchema.CallToolResult bad = client.callTool(McpSchema.CallToolRequest.builder("kanban_complete")
                    .arguments(Map.of("summary", 42)).build());
            assertTrue(bad.isError());
            JsonNode error = JSON.valueToTree(bad.structuredContent());
            assertEquals("invalid_argument", error.get("code").asText());
            assertEquals("summary", error.get("field").asText());
            assertEquals("summary: expected a string, got an integer", error.get("error").asText());

            McpSchema.CallToolResult pinned = client.callTool(McpSchema.CallToolRequest.builder("kanban_complete")
                    .arguments(Map.of("summary", "elsewhere", "board", "other-project")).build());
            assertTrue(pinned.isError());
            assertEquals("board_pinned", JSON.valueToTree(pinned.structuredContent()).get("code").asText());

            McpSchema.CallToolResult done = client.callTool(McpSchema.CallToolRequest.builder("kanban_complete")
                    .arguments(Map.of("summary", "Shipped v1.2 to staging.", "metadata", Map.of("deploys", 1))).build());
            assertFalse(Boolean.TRUE.equals(done.isError()), done.toString());
            JsonNode text = readText(done);
            assertTrue(text.get("ok").asBoolean());
            assertEquals(claim.run().id(), text.get("run_id").asLong());
        } finally {
            client.closeGracefully();
        }

        assertEquals(Status.DONE, board.tasks().get(claim.task().id()).status());
        Run run = board.runs().get(claim.run().id());
        assertEquals(RunOutcome.COMPLETED, run.outcome());
        assertEquals("Shipped v1.2 to staging.", run.summary());
    }

    /** The review lane over stdio: the implementer hands over, the reviewer's run sends it back, with typed errors. */
    @Test
    void an_mcp_reviewer_requests_changes_and_the_task_returns_to_its_implementer() {
        Path file = scratch.file();
        Board board = scratch.board();
        board.tasks().create(NewTask.titled("another review").assignee("reviewer").build());
        String id = board.tasks().create(NewTask.titled("add search").assignee("coder").build()).task().id();
        ClaimedTask claim = board.claims().claim(id).orElseThrow();
        Map<String, String> env = new HashMap<>();
        env.put("HERMES_KANBAN_TASK", id);
        env.put("HERMES_KANBAN_DB", file.toString());
        env.put("HERMES_KANBAN_RUN_ID", Long.toString(claim.run().id()));
        env.put("HERMES_PROFILE", "coder");
        McpSyncClient implementer = client(env);
        try {
            implementer.initialize();
            McpSchema.CallToolResult refused = implementer.callTool(McpSchema.CallToolRequest
                    .builder("kanban_request_changes").arguments(Map.of("reason", "my own work")).build());
            assertTrue(refused.isError(), refused.toString());
            assertEquals("illegal_transition", JSON.valueToTree(refused.structuredContent()).get("code").asText());
            McpSchema.CallToolResult handed = implementer.callTool(McpSchema.CallToolRequest
                    .builder("kanban_request_review")
                    .arguments(Map.of("summary", "search added", "reviewer", "reviewer")).build());
            assertFalse(Boolean.TRUE.equals(handed.isError()), handed.toString());
            assertEquals("review", readText(handed).get("status").asText());
        } finally {
            implementer.closeGracefully();
        }
        ClaimedTask review = board.claims().claimReview(id).orElseThrow();
        env.put("HERMES_KANBAN_RUN_ID", Long.toString(review.run().id()));
        env.put("HERMES_PROFILE", "reviewer");
        McpSyncClient reviewer = client(env);
        try {
            reviewer.initialize();
            McpSchema.CallToolResult back = reviewer.callTool(McpSchema.CallToolRequest
                    .builder("kanban_request_changes").arguments(Map.of("reason", "no tests")).build());
            assertFalse(Boolean.TRUE.equals(back.isError()), back.toString());
            assertEquals("coder", readText(back).get("implementer").asText());
        } finally {
            reviewer.closeGracefully();
        }
        assertEquals(Status.READY, board.tasks().get(id).status());
        assertEquals("coder", board.tasks().get(id).assignee());
        assertEquals(RunOutcome.CHANGES_REQUESTED, board.runs().get(review.run().id()).outcome());
    }

    @Test
    void outside_a_worker_the_server_offers_no_tools() {
        McpSyncClient client = client(Map.of("HERMES_KANBAN_DB", scratch.dir().resolve("none.db").toString()));
        try {
            McpSchema.InitializeResult init = client.initialize();
            assertTrue(init.instructions() == null || init.instructions().isEmpty());
            assertEquals(List.of(), client.listTools().tools());
        } finally {
            client.closeGracefully();
        }
        assertFalse(scratch.dir().resolve("none.db").toFile().exists());
    }

    /**
     * Regression: a client that wrote its last request and closed stdin at once lost the answer, and one line that
     * was not JSON stopped the SDK's transport from reading anything after it.
     */
    @Test
    void requests_piped_in_before_stdin_closes_are_all_answered_even_after_a_garbage_line() throws Exception {
        Path file = scratch.file();
        Board board = scratch.board();
        String taskId = board.tasks().create(NewTask.titled("piped").assignee("coder").build()).task().id();
        Process process = startWorkerServer(file, taskId);
        String script = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"script\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "this line is not JSON",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"kanban_comment\","
                        + "\"arguments\":{\"body\":\"sent just before hanging up\"}}}") + "\n";
        try (var stdin = process.getOutputStream()) {
            stdin.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "server must exit after stdin closes");
        assertEquals(0, process.exitValue());
        Map<Integer, JsonNode> answers = new HashMap<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                JsonNode message = JSON.readTree(line);
                assertEquals("2.0", message.get("jsonrpc").asText(), "stdout carries JSON-RPC only");
                answers.put(message.get("id").asInt(), message);
            }
        }
        assertNotNull(answers.get(1).at("/result/serverInfo"));
        assertEquals(-32700, answers.get(0).at("/error/code").asInt(), "the garbage line gets a parse error");
        assertFalse(answers.get(2).at("/result/isError").asBoolean(), stdout);
        assertTrue(answers.get(2).at("/result/structuredContent/ok").asBoolean(), stdout);
        assertEquals("sent just before hanging up", board.comments().list(taskId).get(0).body());
    }

    @Test
    void kanban_mcp_finds_this_server_through_the_core_spi_and_serves_in_process() throws Exception {
        ToolServerProvider provider = ToolServerProvider.find().orElseThrow();
        assertInstanceOf(McpToolServer.class, provider);

        Path file = scratch.file();
        Board board = scratch.board();
        String taskId = board.tasks().create(NewTask.titled("in process").assignee("coder").build()).task().id();
        long runId = board.claims().claim(taskId).orElseThrow().run().id();
        String script = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"kanban_block\","
                + "\"arguments\":{\"reason\":\"waiting for the API key from ops\"}}}\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int code = provider.serveStdio(new java.io.ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), out,
                Map.of("HERMES_KANBAN_TASK", taskId, "HERMES_KANBAN_DB", file.toString(),
                        "HERMES_KANBAN_RUN_ID", Long.toString(runId)));

        assertEquals(0, code);
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(2, lines.length, out.toString(StandardCharsets.UTF_8));
        assertEquals("blocked", JSON.readTree(lines[1]).at("/result/structuredContent/status").asText());
        assertEquals(Status.BLOCKED, board.tasks().get(taskId).status());
    }

    private McpSyncClient orchestrator(Path file) {
        ServerParameters params = ServerParameters.builder(java()).args(orchestratorArgs())
                .env(Map.of("HERMES_KANBAN_DB", file.toString(), "HERMES_PROFILE", "lead")).build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON));
        transport.setStdErrorHandler(line -> System.err.println("[mcp orchestrator] " + line));
        return McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
    }

    private static List<String> orchestratorArgs() {
        List<String> args = new java.util.ArrayList<>(serverArgs());
        args.add("--orchestrator");
        return args;
    }

    private static JsonNode call(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args)
                .build());
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + " " + args + ": " + result);
        return readText(result);
    }

    /**
     * The definition of done: an MCP agent plans a ten-card project as orchestrator, dispatched workers finish
     * it through the tools, a blocked card is settled by the orchestrator, and no worker touches another's card.
     */
    @Test
    void an_mcp_orchestrator_plans_a_ten_card_project_and_workers_finish_it_through_the_tools() throws Exception {
        Path file = scratch.file();
        Board board = scratch.board(); // the board exists; the orchestrator opens it
        List<String> parts = new java.util.ArrayList<>();
        String design;
        String release;
        McpSyncClient lead = orchestrator(file);
        try {
            McpSchema.InitializeResult init = lead.initialize();
            assertTrue(init.instructions().contains("kanban orchestrator"), init.instructions());
            assertEquals(List.of("kanban_show", "kanban_list", "kanban_comment", "kanban_create", "kanban_unblock",
                    "kanban_link"), lead.listTools().tools().stream().map(McpSchema.Tool::name).toList());
            assertTrue(readText(lead.callTool(McpSchema.CallToolRequest.builder("kanban_show")
                    .arguments(Map.of()).build())).get("current_task").isNull(), "no card in scope");

            design = call(lead, "kanban_create", Map.of("title", "Design the API", "assignee", "architect",
                    "body", "Write the OpenAPI sketch.", "idempotency_key", "api-design")).get("task_id").asText();
            for (int i = 1; i <= 8; i++) {
                parts.add(call(lead, "kanban_create", Map.of("title", "Endpoint " + i, "assignee", "coder",
                        "parents", List.of(design), "idempotency_key", "endpoint-" + i)).get("task_id").asText());
            }
            release = call(lead, "kanban_create", Map.of("title", "Release", "assignee", "ops"))
                    .get("task_id").asText();
            for (String part : parts) {
                call(lead, "kanban_link", Map.of("parent_id", part, "child_id", release));
            }
            call(lead, "kanban_comment", Map.of("task_id", release, "body", "Ship only after all endpoints."));
            JsonNode listed = call(lead, "kanban_list", Map.of());
            assertEquals(10, listed.get("count").asInt());
            JsonNode shown = call(lead, "kanban_show", Map.of("task_id", release));
            assertEquals(8, shown.get("parents").size());
            assertEquals("lead", shown.at("/comments/0/author").asText());
            String card = design;
            McpSyncClient planner = lead;
            io.modelcontextprotocol.spec.McpError notServed = org.junit.jupiter.api.Assertions.assertThrows(
                    io.modelcontextprotocol.spec.McpError.class, () -> planner.callTool(McpSchema.CallToolRequest
                            .builder("kanban_complete").arguments(Map.of("task_id", card, "summary", "x")).build()));
            assertTrue(notServed.getMessage().contains("Unknown tool"), notServed.getMessage());
        } finally {
            lead.closeGracefully();
        }

        KanbanTools tools = KanbanTools.standard();
        String stuck = parts.get(2);
        int finished = 0;
        assertEquals("lead", board.tasks().get(design).createdBy(), "the creator comes from HERMES_PROFILE");
        Optional<io.kanban.core.model.ClaimedTask> next;
        while ((next = board.claims().claimNext(null)).isPresent()) {
            io.kanban.core.model.ClaimedTask claim = next.get();
            try (ToolSession worker = tools.session(workerEnv(claim, file), board)) {
                String other = claim.task().id().equals(design) ? release : design;
                JsonNode refused = JSON.readTree(worker.call("kanban_complete",
                        "{\"task_id\": \"" + other + "\", \"summary\": \"not mine\"}"));
                assertEquals("not_your_task", refused.get("code").asText());
                if (claim.task().id().equals(stuck) && board.runs().of(stuck).size() == 1) {
                    JsonNode blocked = JSON.readTree(worker.call("kanban_block",
                            "{\"reason\": \"Which auth scheme?\", \"kind\": \"needs_input\"}"));
                    assertEquals("blocked", blocked.get("status").asText(), blocked.toString());
                    continue;
                }
                JsonNode done = JSON.readTree(worker.call("kanban_complete",
                        "{\"summary\": \"Done: " + claim.task().title() + "\"}"));
                assertTrue(done.get("ok").asBoolean(), done.toString());
                finished++;
            }
        }
        assertEquals(Status.BLOCKED, board.tasks().get(stuck).status());
        assertEquals(Status.TODO, board.tasks().get(release).status(), "the release waits for the blocked part");

        lead = orchestrator(file);
        try {
            lead.initialize();
            JsonNode blocked = call(lead, "kanban_list", Map.of("status", "blocked"));
            assertEquals(stuck, blocked.at("/tasks/0/id").asText());
            call(lead, "kanban_comment", Map.of("task_id", stuck, "body", "Use OAuth 2 bearer tokens."));
            assertEquals("ready", call(lead, "kanban_unblock", Map.of("task_id", stuck)).get("status").asText());
        } finally {
            lead.closeGracefully();
        }

        while ((next = board.claims().claimNext(null)).isPresent()) {
            io.kanban.core.model.ClaimedTask claim = next.get();
            try (ToolSession worker = tools.session(workerEnv(claim, file), board)) {
                assertTrue(JSON.readTree(worker.call("kanban_complete", "{\"summary\": \"done\"}"))
                        .get("ok").asBoolean());
                finished++;
            }
        }
        assertEquals(10, finished);
        assertEquals(10, board.tasks().list(io.kanban.core.model.TaskFilter.all().withStatus(Status.DONE))
                .size(), "all ten cards done");
    }

    @Test
    void the_orchestrator_mode_refuses_to_start_inside_a_worker() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java());
        pb.command().addAll(orchestratorArgs());
        pb.environment().put("HERMES_KANBAN_TASK", "t_abcabcabcabc");
        pb.environment().put("HERMES_KANBAN_DB", scratch.dir().resolve("kanban.db").toString());
        Process process = pb.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertEquals("", stdout);
        assertTrue(stderr.contains("refused inside a worker"), stderr);
    }

    /** JSON-RPC: every request with an id gets an answer, even one sent before the handshake finished. */
    @Test
    void requests_before_the_handshake_get_an_error_and_the_session_goes_on() throws Exception {
        Path file = scratch.file();
        Board board = scratch.board();
        String taskId = board.tasks().create(NewTask.titled("early").assignee("coder").build()).task().id();
        Process process = startWorkerServer(file, taskId);
        String script = String.join("\n",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
                "not json at all {",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"initialize\",\"params\":{"
                        + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"script\",\"version\":\"1\"}}}",
                "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"kanban_comment\","
                        + "\"arguments\":{\"body\":\"too early\"}}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                "[1, 2, 3]",
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/list\"}") + "\n";
        try (var stdin = process.getOutputStream()) {
            stdin.write(script.getBytes(StandardCharsets.UTF_8));
        }
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "server must exit after stdin closes");
        assertEquals(0, process.exitValue());
        Map<String, JsonNode> answers = new HashMap<>();
        List<JsonNode> anonymous = new java.util.ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                JsonNode message = JSON.readTree(line);
                if (message.get("id").isNull()) {
                    anonymous.add(message);
                } else {
                    answers.put(message.get("id").asText(), message);
                }
            }
        }
        assertEquals(StdioGuard.NOT_INITIALIZED, answers.get("1").at("/error/code").asInt(), stdout);
        assertTrue(answers.get("1").at("/error/message").asText().contains("initialize"), stdout);
        assertNotNull(answers.get("2").at("/result/serverInfo"));
        assertEquals(StdioGuard.NOT_INITIALIZED, answers.get("3").at("/error/code").asInt(), stdout);
        assertEquals(13, answers.get("4").at("/result/tools").size(), stdout);
        assertEquals(List.of(-32700, -32600), anonymous.stream().map(m -> m.at("/error/code").asInt()).toList());
        assertEquals(List.of(), board.comments().list(taskId), "the early call changed nothing");
    }

    /** The environment the dispatcher gives the worker of {@code claim} on the board file {@code file}. */
    private static Map<String, String> workerEnv(ClaimedTask claim, Path file) {
        return Map.of("HERMES_KANBAN_TASK", claim.task().id(), "HERMES_KANBAN_RUN_ID", Long.toString(claim.run().id()),
                "HERMES_KANBAN_DB", file.toString(), "HERMES_PROFILE", claim.task().assignee());
    }

    private static JsonNode readText(McpSchema.CallToolResult result) {
        McpSchema.TextContent content = (McpSchema.TextContent) result.content().get(0);
        try {
            return JSON.readTree(content.text());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
