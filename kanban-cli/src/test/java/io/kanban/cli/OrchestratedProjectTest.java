package io.kanban.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kanban.core.Board;
import io.kanban.core.model.Run;
import io.kanban.core.model.RunOutcome;
import io.kanban.core.model.Status;
import io.kanban.core.model.Task;
import io.kanban.core.model.TaskFilter;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 22's definition of done, end to end with real processes: an MCP agent ({@code kanban mcp --orchestrator} in
 * a child JVM, spoken to by the official MCP SDK client) plans a ten-card project; the real dispatcher
 * ({@code kanban dispatch}) starts a worker process per card ({@link ScriptedToolWorker}), each of which finishes
 * its card through the tools and is refused when it reaches for another card or another board.
 */
class OrchestratedProjectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String yaml(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Test
    void an_mcp_orchestrator_plans_ten_cards_and_dispatched_worker_processes_finish_them_through_the_tools()
            throws Exception {
        Path file = dir.resolve("kanban.db");
        Path home = dir.resolve("hermes");
        Cli cli = new Cli(file);
        assertEquals(0, cli.run("init").code());
        Files.createDirectories(home);
        Files.writeString(home.resolve("config.yaml"), String.join("\n", "kanban:", "  worker_command:",
                "    - " + yaml(java()), "    - '-XX:TieredStopAtLevel=1'", "    - '-XX:+UseSerialGC'",
                "    - '-cp'", "    - " + yaml(System.getProperty("java.class.path")),
                "    - " + yaml(ScriptedToolWorker.class.getName()), "  max_in_progress: 4", ""));

        String design;
        List<String> parts = new ArrayList<>();
        String release;
        McpSyncClient lead = orchestrator(file, home);
        try {
            lead.initialize();
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
            assertEquals(10, call(lead, "kanban_list", Map.of()).get("count").asInt());
            McpSchema.CallToolResult missing = lead.callTool(McpSchema.CallToolRequest.builder("kanban_list")
                    .arguments(Map.of("board", "elsewhere")).build());
            assertTrue(missing.isError(), missing.toString());
            assertEquals("board_not_found", JSON.valueToTree(missing.structuredContent()).get("code").asText());
        } finally {
            lead.closeGracefully();
        }

        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        int done = 0;
        while (done < 10 && System.nanoTime() < deadline) {
            Cli.Result tick = cli.run("dispatch", "--json");
            assertEquals(0, tick.code(), tick.toString());
            Thread.sleep(500);
            try (Board board = Board.open(file)) {
                done = board.tasks().list(TaskFilter.all().withStatus(Status.DONE)).size();
            }
        }

        try (Board board = Board.open(file)) {
            List<Task> all = board.tasks().list(TaskFilter.all());
            assertEquals(10, all.size());
            for (Task task : all) {
                assertEquals(Status.DONE, task.status(), task.id() + " " + task.title() + ": "
                        + board.events().forTask(task.id(), 50));
                assertEquals("lead", task.createdBy(), "the creator comes from HERMES_PROFILE");
                List<Run> runs = board.runs().of(task.id());
                assertEquals(1, runs.size(), "one worker each, nothing refused or retried: " + runs);
                Run run = runs.get(0);
                assertEquals(RunOutcome.COMPLETED, run.outcome());
                assertEquals("Done: " + task.title(), run.summary());
                JsonNode seen = JSON.readTree(run.metadata());
                assertEquals("not_your_task", seen.get("foreign_complete").asText(), task.title() + ": " + seen);
                assertEquals("not_your_task", seen.get("foreign_block").asText(), task.title() + ": " + seen);
                assertEquals("board_pinned", seen.get("other_board").asText(), task.title() + ": " + seen);
                assertFalse(board.comments().list(task.id()).stream().anyMatch(c -> c.body().equals("hi")));
            }
            assertTrue(board.runs().of(release).get(0).startedAt().isAfter(board.runs().of(parts.get(7)).get(0)
                    .endedAt().minusSeconds(1)), "the release ran after the parts it waits for");
        }
    }

    private McpSyncClient orchestrator(Path file, Path home) {
        ServerParameters params = ServerParameters.builder(java())
                .args(List.of("-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                        KanbanCli.class.getName(), "--db", file.toString(), "mcp", "--orchestrator"))
                .env(Map.of("HERMES_HOME", home.toString(), "HERMES_PROFILE", "lead")).build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON));
        transport.setStdErrorHandler(line -> System.err.println("[mcp orchestrator] " + line));
        return McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT).build();
    }

    private static JsonNode call(McpSyncClient client, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult result = client.callTool(McpSchema.CallToolRequest.builder(tool).arguments(args)
                .build());
        assertFalse(Boolean.TRUE.equals(result.isError()), tool + " " + args + ": " + result);
        McpSchema.TextContent content = (McpSchema.TextContent) result.content().get(0);
        try {
            return JSON.readTree(content.text());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
